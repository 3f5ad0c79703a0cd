/**
 * The `vision_encoder` session of a LLaVA-style model: pixel_values [batch_size,3,H,W] → patch
 * conv (kernel = stride = patch) → one pre-norm transformer layer → LayerNorm → two-layer GELU
 * projector into the text hidden size → image_features [batch_size, (H/patch)·(W/patch), textHidden].
 * H and W stay symbolic, so processors that resize to any multiple of the patch work.
 */
import { activation, conv2d, layerNorm, linear } from '../onnx/blocks.js';
import type { ForgeGraph } from '../onnx/forge-graph.js';
import { GraphBuilder } from '../onnx/graph-builder.js';
import { encoderLayer, flattenToTokens } from '../onnx/vision-blocks.js';

export interface PatchVisionSpec {
  seed: number;
  name: string;
  /** Pixels per output token along each side (patch × spatial merge). */
  patch: number;
  visionHidden: number;
  heads: number;
  textHidden: number;
  /** Extra inputs the session declares and ignores (e.g. pixel_attention_mask), name → dims. */
  extraInputs?: Record<string, { elemType: 'int64' | 'bool' | 'float32'; dims: (number | string)[] }>;
  /** Output rank: 3 (`[b, tokens, hidden]`, default) or 2 (`[b·tokens, hidden]`). */
  flatOutput?: boolean;
  /** Input name of the pixels (default pixel_values). */
  pixelInput?: string;
}

export function patchVisionEncoder(spec: PatchVisionSpec): ForgeGraph {
  const g = new GraphBuilder({ seed: spec.seed, name: `${spec.name}-vision_encoder` });
  const pixels = g.input(spec.pixelInput ?? 'pixel_values', 'float32', ['batch_size', 3, 'height', 'width']);
  for (const [name, v] of Object.entries(spec.extraInputs ?? {})) g.input(name, v.elemType, v.dims);
  const map = conv2d(g, pixels, 'vision.patch_embedding', { inChannels: 3, outChannels: spec.visionHidden, kernel: spec.patch, stride: spec.patch });
  let x = flattenToTokens(g, map, spec.visionHidden);
  x = encoderLayer(g, x, spec.visionHidden, spec.heads, spec.visionHidden * 2, 'vision.layers.0');
  x = layerNorm(g, x, 'vision.post_layernorm', spec.visionHidden);
  x = linear(g, activation(g, linear(g, x, 'projector.linear_1', spec.visionHidden, spec.textHidden), 'gelu'), 'projector.linear_2', spec.textHidden, spec.textHidden);
  if (spec.flatOutput) {
    g.output(g.op1('Reshape', [x, g.constInt64([-1, spec.textHidden])]), 'image_features', 'float32', ['num_image_tokens', spec.textHidden]);
  } else {
    g.output(x, 'image_features', 'float32', ['batch_size', 'num_image_tokens', spec.textHidden]);
  }
  return g.graph();
}
