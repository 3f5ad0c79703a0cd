/**
 * Layers the vision and audio contracts add to the core blocks (./blocks.ts): a pre-norm
 * transformer layer without a mask, token/feature-map reshapes, class tokens, learned
 * positions and pooling. Every weight is named `${prefix}.${part}`.
 */
import type { GraphBuilder } from './graph-builder.js';
import { attention, layerNorm, mlp } from './blocks.js';

/** Pre-norm transformer layer over `[batch, seq, dim]`: `x + attn(ln(x))`, then `+ mlp(ln(·))`; optional additive mask biases. */
export function encoderLayer(g: GraphBuilder, x: string, dim: number, heads: number, mlpDim: number, prefix: string, maskBiases: string[] = []): string {
  const attn = attention(g, layerNorm(g, x, `${prefix}.ln1`, dim), `${prefix}.attn`, { hidden: dim, heads, maskBiases });
  const attended = g.op1('Add', [x, attn.out]);
  const ff = mlp(g, layerNorm(g, attended, `${prefix}.ln2`, dim), `${prefix}.mlp`, { hidden: dim, intermediate: mlpDim, activation: 'gelu' });
  return g.op1('Add', [attended, ff]);
}

/**
 * `[batch, c, h, w]` (or `[batch, c, t]`) → `[batch, h·w, c]`: tokens from a feature map.
 * Pass `tokens` when known, so an empty batch (size 0) still reshapes.
 */
export function flattenToTokens(g: GraphBuilder, x: string, channels: number, tokens = -1): string {
  const flat = g.op1('Reshape', [x, g.constInt64([0, channels, tokens])]);
  return g.op1('Transpose', [flat], { perm: [0, 2, 1] });
}

/** `[batch, h·w, c]` → `[batch, c, h, w]`: a feature map from tokens. */
export function tokensToMap(g: GraphBuilder, x: string, channels: number, height: number, width: number): string {
  const transposed = g.op1('Transpose', [x], { perm: [0, 2, 1] });
  return g.op1('Reshape', [transposed, g.constInt64([0, channels, height, width])]);
}

/** `[batch]`-sized leading dim of `x` as a 1-D int64 tensor. */
export function batchDim(g: GraphBuilder, x: string): string {
  return g.op1('Slice', [g.op1('Shape', [x]), g.constInt64([0]), g.constInt64([1])]);
}

/** Prepends `count` learned tokens (class / register / query tokens) to `[batch, seq, dim]`. */
export function prependTokens(g: GraphBuilder, x: string, dim: number, count: number, prefix: string): string {
  const tokens = g.weight(`${prefix}.tokens`, [1, count, dim], { std: 0.5 });
  const shape = g.op1('Concat', [batchDim(g, x), g.constInt64([count, dim])], { axis: 0 });
  return g.op1('Concat', [g.op1('Expand', [tokens, shape]), x], { axis: 1 });
}

/** `count` learned tokens broadcast over the batch of `like`: `[batch, count, dim]`. */
export function learnedTokens(g: GraphBuilder, like: string, dim: number, count: number, prefix: string): string {
  const tokens = g.weight(`${prefix}.tokens`, [1, count, dim], { std: 0.5 });
  const shape = g.op1('Concat', [batchDim(g, like), g.constInt64([count, dim])], { axis: 0 });
  return g.op1('Expand', [tokens, shape]);
}

/** Adds a learned position table `[1, seq, dim]`. */
export function addPositions(g: GraphBuilder, x: string, seq: number, dim: number, prefix: string): string {
  return g.op1('Add', [x, g.weight(`${prefix}.position_embeddings`, [1, seq, dim], { std: 0.5 })]);
}

/** `[batch, seq, dim]` → `[batch, dim]`: the token at `index`. */
export function takeToken(g: GraphBuilder, x: string, index: number): string {
  return g.op1('Gather', [x, g.constInt64(index, [])], { axis: 1 });
}

/** `[batch, seq, dim]` → `[batch, dim]`: mean over the sequence. */
export function meanTokens(g: GraphBuilder, x: string): string {
  return g.op1('ReduceMean', [x], { axes: [1], keepdims: 0 });
}

/** `[batch, c, h, w]` → `[batch, c]`: global average pool. */
export function globalPool(g: GraphBuilder, x: string): string {
  return g.op1('Flatten', [g.op1('GlobalAveragePool', [x])], { axis: 1 });
}

/** L2-normalises the last axis. */
export function l2Normalize(g: GraphBuilder, x: string): string {
  const norm = g.op1('Sqrt', [g.op1('ReduceSum', [g.op1('Mul', [x, x]), g.constInt64([-1])], { keepdims: 1 })]);
  return g.op1('Div', [x, g.op1('Add', [norm, g.constFloat(1e-6, [])])]);
}
