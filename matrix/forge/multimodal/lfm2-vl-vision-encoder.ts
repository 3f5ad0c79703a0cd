/**
 * The `vision_encoder` session of LFM2-VL: pixel_values [tiles, max_patches, 3·p²] (flattened
 * patches, zero-padded), pixel_attention_mask [tiles, max_patches] (int64) and spatial_shapes
 * [tiles, 2] (patch rows, cols per tile) → linear patch embedding + learned positions → one masked
 * pre-norm encoder layer → pixel unshuffle by 2 (the 2 × 2 neighbours of each token concatenated,
 * gathered with one-hot matrices built from spatial_shapes, so every tile keeps its own grid) →
 * two-layer GELU projector → image_features [Σ (rows/2)·(cols/2), textHidden]: exactly the tokens
 * Lfm2VlProcessor writes per tile, padding dropped.
 */
import { activation, layerNorm, linear, paddingMaskBias } from '../onnx/blocks.js';
import type { ForgeGraph } from '../onnx/forge-graph.js';
import { GraphBuilder } from '../onnx/graph-builder.js';
import { encoderLayer } from '../onnx/vision-blocks.js';

export interface Lfm2VlVisionSpec {
  seed: number;
  name: string;
  patch: number;
  /** Patches per tile after padding (the image processor's max_num_patches). */
  maxPatches: number;
  visionHidden: number;
  heads: number;
  textHidden: number;
}

export function lfm2VlVisionEncoder(spec: Lfm2VlVisionSpec): ForgeGraph {
  const { patch, maxPatches: m, visionHidden: d } = spec;
  const maxTokens = m / 4;
  const g = new GraphBuilder({ seed: spec.seed, name: `${spec.name}-vision_encoder` });
  const pixels = g.input('pixel_values', 'float32', ['num_tiles', m, 3 * patch * patch]);
  const mask = g.input('pixel_attention_mask', 'int64', ['num_tiles', m]);
  const shapes = g.input('spatial_shapes', 'int64', ['num_tiles', 2]);
  let x = linear(g, pixels, 'vision_tower.embeddings.patch_embedding', 3 * patch * patch, d);
  x = g.op1('Add', [x, g.weight('vision_tower.embeddings.position_embedding', [1, m, d], { std: 0.5 })]);
  x = encoderLayer(g, x, d, spec.heads, d * 2, 'vision_tower.encoder.layers.0', [paddingMaskBias(g, mask)]);
  x = layerNorm(g, x, 'vision_tower.post_layernorm', d);

  // Per tile: rows h, cols w ([tiles, 1]); patch p sits at (p / w, p % w) and feeds token
  // (row/2)·(w/2) + col/2 at sub-position (row%2)·2 + col%2, when p < h·w.
  const col = (i: number) => g.op1('Slice', [shapes, g.constInt64([i]), g.constInt64([i + 1]), g.constInt64([1])]);
  const h = col(0);
  const w = col(1);
  const p = g.op1('Unsqueeze', [g.op1('Range', [g.constInt64(0, []), g.constInt64(m, []), g.constInt64(1, [])]), g.constInt64([0])]);
  const row = g.op1('Div', [p, w]);
  const column = g.op1('Mod', [p, w]);
  const two = g.constInt64([2]);
  const token = g.op1('Add', [g.op1('Mul', [g.op1('Div', [row, two]), g.op1('Div', [w, two])]), g.op1('Div', [column, two])]);
  const sub = g.op1('Add', [g.op1('Mul', [g.op1('Mod', [row, two]), two]), g.op1('Mod', [column, two])]);
  const valid = g.op1('Less', [p, g.op1('Mul', [h, w])]);
  const tokenIds = g.op1('Reshape', [g.op1('Range', [g.constInt64(0, []), g.constInt64(maxTokens, []), g.constInt64(1, [])]), g.constInt64([1, maxTokens, 1])]);
  const hits = g.op1('And', [g.op1('Equal', [g.op1('Unsqueeze', [token, g.constInt64([1])]), tokenIds]), g.op1('Unsqueeze', [valid, g.constInt64([1])])]);
  const parts = [0, 1, 2, 3].map((s) => {
    const pick = g.op1('And', [hits, g.op1('Unsqueeze', [g.op1('Equal', [sub, g.constInt64([s])]), g.constInt64([1])])]);
    return g.op1('MatMul', [g.op1('Cast', [pick], { to: 1 }), x]);
  });
  const unshuffled = g.op1('Concat', parts, { axis: -1 });
  // Keep the (h/2)·(w/2) real tokens of every tile, in order: [Σ tokens, 4d].
  const tokensPerTile = g.op1('Mul', [g.op1('Div', [h, two]), g.op1('Div', [w, two])]);
  const keep = g.op1('Less', [g.op1('Reshape', [tokenIds, g.constInt64([1, maxTokens])]), tokensPerTile]);
  const flat = g.op1('Reshape', [unshuffled, g.constInt64([-1, 4 * d])]);
  const kept = g.op1('Compress', [flat, g.op1('Reshape', [keep, g.constInt64([-1])])], { axis: 0 });
  const projected = linear(g, activation(g, linear(g, layerNorm(g, kept, 'multi_modal_projector.layer_norm', 4 * d), 'multi_modal_projector.linear_1', 4 * d, spec.textHidden), 'gelu'), 'multi_modal_projector.linear_2', spec.textHidden, spec.textHidden);
  g.output(projected, 'image_features', 'float32', ['num_image_tokens', spec.textHidden]);
  return g.graph();
}
