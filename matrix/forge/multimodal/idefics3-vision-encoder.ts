/**
 * The `vision_encoder` session of Idefics3 / SmolVLM: pixel_values [batch_size, num_images, 3, T, T]
 * (T the tile side; every split tile and the global image are T × T) and pixel_attention_mask
 * [batch_size, num_images, T, T] (bool; all-false frames are batch padding) → frames that hold any
 * real pixel (Compress) → patch conv → learned positions → one pre-norm encoder layer → LayerNorm →
 * pixel shuffle (scale² neighbouring patches into one token, as Idefics3's connector) → linear
 * projection → image_features [real_frames, tokensPerFrame, textHidden].
 */
import { conv2d, layerNorm, linear } from '../onnx/blocks.js';
import type { ForgeGraph } from '../onnx/forge-graph.js';
import { GraphBuilder } from '../onnx/graph-builder.js';
import { encoderLayer, flattenToTokens } from '../onnx/vision-blocks.js';

export interface Idefics3VisionSpec {
  seed: number;
  name: string;
  /** Tile side in pixels (max_image_size.longest_edge). */
  tile: number;
  patch: number;
  /** Pixel-shuffle factor (Idefics3's scale_factor). */
  scale: number;
  visionHidden: number;
  heads: number;
  textHidden: number;
}

/** Image tokens per frame: (tile / patch / scale)². */
export function idefics3TokensPerFrame(spec: Pick<Idefics3VisionSpec, 'tile' | 'patch' | 'scale'>): number {
  return (spec.tile / spec.patch / spec.scale) ** 2;
}

export function idefics3VisionEncoder(spec: Idefics3VisionSpec): ForgeGraph {
  const { tile, patch, scale, visionHidden: d } = spec;
  const side = tile / patch;
  const g = new GraphBuilder({ seed: spec.seed, name: `${spec.name}-vision_encoder` });
  const pixels = g.input('pixel_values', 'float32', ['batch_size', 'num_images', 3, tile, tile]);
  const pixelMask = g.input('pixel_attention_mask', 'bool', ['batch_size', 'num_images', tile, tile]);
  // Frames of the whole batch, padding frames (no true pixel) dropped.
  const frames = g.op1('Reshape', [pixels, g.constInt64([-1, 3, tile, tile])]);
  const maskFlat = g.op1('Reshape', [g.op1('Cast', [pixelMask], { to: 7 }), g.constInt64([-1, tile * tile])]);
  const real = g.op1('Cast', [g.op1('ReduceMax', [maskFlat], { axes: [1], keepdims: 0 })], { to: 9 });
  const kept = g.op1('Compress', [frames, real], { axis: 0 });
  let x = flattenToTokens(g, conv2d(g, kept, 'vision_model.embeddings.patch_embedding', { inChannels: 3, outChannels: d, kernel: patch, stride: patch }), d, side * side);
  x = g.op1('Add', [x, g.weight('vision_model.embeddings.position_embedding', [1, side * side, d], { std: 0.5 })]);
  x = encoderLayer(g, x, d, spec.heads, d * 2, 'vision_model.encoder.layers.0');
  x = layerNorm(g, x, 'vision_model.post_layernorm', d);
  // Idefics3Connector.pixel_shuffle: [f, s·s, d] → [f, (s/r)², d·r²].
  const r = scale;
  x = g.op1('Reshape', [x, g.constInt64([-1, side, side / r, d * r])]);
  x = g.op1('Transpose', [x], { perm: [0, 2, 1, 3] });
  x = g.op1('Reshape', [x, g.constInt64([-1, side / r, side / r, d * r * r])]);
  x = g.op1('Transpose', [x], { perm: [0, 2, 1, 3] });
  x = g.op1('Reshape', [x, g.constInt64([-1, (side / r) ** 2, d * r * r])]);
  const features = linear(g, x, 'connector.modality_projection.proj', d * r * r, spec.textHidden, false);
  g.output(features, 'image_features', 'float32', ['num_frames', (side / r) ** 2, spec.textHidden]);
  return g.graph();
}
