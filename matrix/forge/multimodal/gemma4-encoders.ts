/**
 * Gemma 4 media encoders (also EmbeddingGemma 2's):
 * - `vision_encoder`: pixel_values [b, maxPatches, 3·p²] (Gemma4ImageProcessor's zero-padded patches)
 *   + pixel_position_ids [b, maxPatches, 2] ((col, row), −1 on padding) → linear patch embedding +
 *   a learned 2-D position embedding → one masked encoder layer → k × k average pooling of the patch
 *   grid (one-hot pooling matrices from the positions, so each image keeps its own grid) → projection
 *   → image_features [Σ patches/k², hidden]: the soft tokens the processor writes per image.
 * - `audio_encoder`: input_features [b, frames, mel] + input_features_mask [b, frames] → two stride-2
 *   convs → one encoder layer → the first ⌈⌈valid/2⌉/2⌉ frames → audio_features [b, tokens, hidden]:
 *   Gemma4Processor's audio token count for the clip.
 */
import { activation, conv1d, embedding, linear, paddingMaskBias, rmsNorm } from '../onnx/blocks.js';
import type { ForgeGraph } from '../onnx/forge-graph.js';
import { GraphBuilder } from '../onnx/graph-builder.js';
import { encoderLayer } from '../onnx/vision-blocks.js';

export interface Gemma4VisionSpec {
  seed: number;
  name: string;
  patch: number;
  maxPatches: number;
  pooling: number;
  visionHidden: number;
  hidden: number;
  /** Largest patch row / column index (position table size). */
  maxSide: number;
}

export function gemma4VisionEncoder(spec: Gemma4VisionSpec): ForgeGraph {
  const { patch, maxPatches: m, pooling: k, visionHidden: d } = spec;
  const maxTokens = Math.floor(m / (k * k));
  const g = new GraphBuilder({ seed: spec.seed + 3, name: `${spec.name}-vision_encoder` });
  const pixels = g.input('pixel_values', 'float32', ['batch_size', m, 3 * patch * patch]);
  const positions = g.input('pixel_position_ids', 'int64', ['batch_size', m, 2]);
  const axis = (i: number) => g.op1('Squeeze', [g.op1('Slice', [positions, g.constInt64([i]), g.constInt64([i + 1]), g.constInt64([2])]), g.constInt64([2])]);
  const col = axis(0);
  const row = axis(1);
  const valid = g.op1('GreaterOrEqual', [col, g.constInt64(0, [])]);
  const clamp = (v: string) => g.op1('Max', [v, g.constInt64(0, [])]);
  let x = linear(g, pixels, 'vision_tower.patch_embedder.input_proj', 3 * patch * patch, d);
  x = g.op1('Add', [x, embedding(g, clamp(col), 'vision_tower.patch_embedder.position_embedding_x', spec.maxSide, d)]);
  x = g.op1('Add', [x, embedding(g, clamp(row), 'vision_tower.patch_embedder.position_embedding_y', spec.maxSide, d)]);
  x = encoderLayer(g, x, d, 2, d * 2, 'vision_tower.encoder.layers.0', [paddingMaskBias(g, g.op1('Cast', [valid], { to: 7 }))]);
  // Patch (row, col) → pooled token (row/k)·(cols/k) + col/k; cols = max col + 1 per image.
  const kk = g.constInt64([k]);
  const cols = g.op1('Add', [g.op1('ReduceMax', [col], { axes: [1], keepdims: 1 }), g.constInt64([1])]);
  const token = g.op1('Add', [g.op1('Mul', [g.op1('Div', [row, kk]), g.op1('Div', [cols, kk])]), g.op1('Div', [clamp(col), kk])]);
  const tokenIds = g.op1('Reshape', [g.op1('Range', [g.constInt64(0, []), g.constInt64(maxTokens, []), g.constInt64(1, [])]), g.constInt64([1, maxTokens, 1])]);
  const hits = g.op1('And', [g.op1('Equal', [g.op1('Unsqueeze', [token, g.constInt64([1])]), tokenIds]), g.op1('Unsqueeze', [valid, g.constInt64([1])])]);
  const pooled = g.op1('Mul', [g.op1('MatMul', [g.op1('Cast', [hits], { to: 1 }), x]), g.constFloat(1 / (k * k), [])]);
  // Keep valid/k² tokens per image: [Σ tokens, d].
  const count = g.op1('Div', [g.op1('ReduceSum', [g.op1('Cast', [valid], { to: 7 }), g.constInt64([1])], { keepdims: 1 }), g.constInt64([k * k])]);
  const keep = g.op1('Less', [g.op1('Reshape', [tokenIds, g.constInt64([1, maxTokens])]), count]);
  const kept = g.op1('Compress', [g.op1('Reshape', [pooled, g.constInt64([-1, d])]), g.op1('Reshape', [keep, g.constInt64([-1])])], { axis: 0 });
  const out = linear(g, rmsNorm(g, kept, 'embed_vision.soft_embedding_norm', d), 'embed_vision.embedding_projection', d, spec.hidden, false);
  g.output(out, 'image_features', 'float32', ['num_image_tokens', spec.hidden]);
  return g.graph();
}

export function gemma4AudioEncoder(o: { seed: number; name: string; melBins: number; audioHidden: number; hidden: number }): ForgeGraph {
  const d = o.audioHidden;
  const g = new GraphBuilder({ seed: o.seed + 4, name: `${o.name}-audio_encoder` });
  const features = g.input('input_features', 'float32', ['batch_size', 'num_frames', o.melBins]);
  const mask = g.input('input_features_mask', 'bool', ['batch_size', 'num_frames']);
  let x = g.op1('Transpose', [features], { perm: [0, 2, 1] });
  x = activation(g, conv1d(g, x, 'audio_tower.subsample_conv_projection.conv_0', { inChannels: o.melBins, outChannels: d, kernel: 3, stride: 2, pad: 1 }), 'gelu');
  x = activation(g, conv1d(g, x, 'audio_tower.subsample_conv_projection.conv_1', { inChannels: d, outChannels: d, kernel: 3, stride: 2, pad: 1 }), 'gelu');
  x = encoderLayer(g, g.op1('Transpose', [x], { perm: [0, 2, 1] }), d, 2, d * 2, 'audio_tower.layers.0');
  // Valid frames t (first clip) → ⌊(⌊(t−1)/2⌋ + 1 − 1)/2⌋ + 1 tokens.
  const t = g.op1('ReduceSum', [g.op1('Cast', [g.op1('Gather', [mask, g.constInt64(0, [])], { axis: 0 })], { to: 7 }), g.constInt64([0])], { keepdims: 1 });
  const half = (v: string) => g.op1('Add', [g.op1('Div', [g.op1('Sub', [v, g.constInt64([1])]), g.constInt64([2])]), g.constInt64([1])]);
  const tokens = half(half(t));
  x = g.op1('Slice', [x, g.constInt64([0]), tokens, g.constInt64([1])]);
  const out = linear(g, rmsNorm(g, x, 'embed_audio.soft_embedding_norm', d), 'embed_audio.embedding_projection', d, o.hidden, false);
  g.output(out, 'audio_features', 'float32', ['batch_size', 'audio_tokens', o.hidden]);
  return g.graph();
}
