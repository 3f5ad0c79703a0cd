/**
 * The Qwen-VL `vision_encoder` session: pixel_values [num_patches, 3·temporal·patch²] (the
 * processor's flattened patches, each 2×2 merge group consecutive) and the grid input
 * [num_images, 3] → patch embedding, one pre-norm transformer layer over all patches, 2×2 merge
 * (concatenate 4 consecutive patches) and a GELU MLP into the text hidden size →
 * image_features [num_patches / 4, textHidden].
 */
import { activation, linear } from '../onnx/blocks.js';
import type { ForgeGraph } from '../onnx/forge-graph.js';
import { GraphBuilder } from '../onnx/graph-builder.js';
import { encoderLayer } from '../onnx/vision-blocks.js';

export interface PatchMergerSpec {
  seed: number;
  name: string;
  patchFeatures: number;
  gridInput: string;
  visionHidden: number;
  heads: number;
  /** Patches merged into one token (merge_size²). */
  merge: number;
  textHidden: number;
}

export function patchMergerEncoder(spec: PatchMergerSpec): ForgeGraph {
  const g = new GraphBuilder({ seed: spec.seed, name: `${spec.name}-vision_encoder` });
  const pixels = g.input('pixel_values', 'float32', ['num_patches', spec.patchFeatures]);
  // Declared as real exports do (they build rotary tables from it); this tiny encoder has none.
  g.input(spec.gridInput, 'int64', ['num_images', 3]);
  let x = g.op1('Unsqueeze', [linear(g, pixels, 'visual.patch_embed', spec.patchFeatures, spec.visionHidden), g.constInt64([0])]);
  x = encoderLayer(g, x, spec.visionHidden, spec.heads, spec.visionHidden * 2, 'visual.blocks.0');
  const merged = g.op1('Reshape', [x, g.constInt64([-1, spec.merge * spec.visionHidden])]);
  const features = linear(g, activation(g, linear(g, merged, 'visual.merger.mlp.0', spec.merge * spec.visionHidden, spec.textHidden), 'gelu'), 'visual.merger.mlp.2', spec.textHidden, spec.textHidden);
  g.output(features, 'image_features', 'float32', ['num_image_tokens', spec.textHidden]);
  return g.graph();
}
