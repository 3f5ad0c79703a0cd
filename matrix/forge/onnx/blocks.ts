/**
 * Transformer building blocks on a GraphBuilder: embeddings, linear, norms, activations, MLP,
 * attention (additive padding mask, causal mask, RoPE, grouped KV heads, KV-cache concat),
 * and conv front ends. Every block takes a name prefix for its weights, so graphs stay readable.
 * Shapes in comments: b batch, s query length, t total (past + s) length, h heads, d head dim.
 */
import type { GraphBuilder } from './graph-builder.js';
import { attr } from './forge-graph.js';

/** Large negative bias for masked positions; finite and within fp16 range so variants stay NaN-free. */
export const MASK_NEG = -10000;

/** Token embedding lookup: ids [b,s] int64 → [b,s,dim]. */
export function embedding(g: GraphBuilder, ids: string, prefix: string, vocab: number, dim: number, std = 0.5): string {
  const table = g.weight(`${prefix}.weight`, [vocab, dim], { std });
  return g.op1('Gather', [table, ids], { axis: 0 });
}

/** x [..., inDim] → [..., outDim] (MatMul + optional bias). */
export function linear(g: GraphBuilder, x: string, prefix: string, inDim: number, outDim: number, bias = true, std?: number): string {
  const w = g.weight(`${prefix}.weight`, [inDim, outDim], { std: std ?? 1 / Math.sqrt(inDim) });
  const y = g.op1('MatMul', [x, w]);
  return bias ? g.op1('Add', [y, g.weight(`${prefix}.bias`, [outDim], { std: 0.02 })]) : y;
}

/** LayerNormalization over the last axis with seeded scale ≈ 1 and bias ≈ 0. */
export function layerNorm(g: GraphBuilder, x: string, prefix: string, dim: number, epsilon = 1e-5): string {
  const scale = g.weight(`${prefix}.weight`, [dim], { mean: 1, std: 0.05 });
  const bias = g.weight(`${prefix}.bias`, [dim], { std: 0.02 });
  return g.op1('LayerNormalization', [x, scale, bias], { axis: -1, epsilon: attr.float(epsilon) });
}

/** RMSNorm over the last axis: x / sqrt(mean(x²) + eps) * scale. */
export function rmsNorm(g: GraphBuilder, x: string, prefix: string, dim: number, epsilon = 1e-6): string {
  const scale = g.weight(`${prefix}.weight`, [dim], { mean: 1, std: 0.05 });
  const meanSquare = g.op1('ReduceMean', [g.op1('Mul', [x, x])], { axes: [-1], keepdims: 1 });
  const rms = g.op1('Sqrt', [g.op1('Add', [meanSquare, g.constFloat(epsilon, [])])]);
  return g.op1('Mul', [g.op1('Div', [x, rms]), scale]);
}

export type Activation = 'gelu' | 'silu' | 'relu' | 'gelu_tanh';

/** Elementwise activation built from core ops (no opset-20 Gelu needed). */
export function activation(g: GraphBuilder, x: string, kind: Activation): string {
  switch (kind) {
    case 'relu':
      return g.op1('Relu', [x]);
    case 'silu':
      return g.op1('Mul', [x, g.op1('Sigmoid', [x])]);
    case 'gelu': {
      const erf = g.op1('Erf', [g.op1('Mul', [x, g.constFloat(Math.SQRT1_2, [])])]);
      return g.op1('Mul', [g.op1('Mul', [x, g.constFloat(0.5, [])]), g.op1('Add', [erf, g.constFloat(1, [])])]);
    }
    case 'gelu_tanh': {
      const cube = g.op1('Mul', [g.op1('Mul', [x, x]), x]);
      const inner = g.op1('Add', [x, g.op1('Mul', [cube, g.constFloat(0.044715, [])])]);
      const tanh = g.op1('Tanh', [g.op1('Mul', [inner, g.constFloat(Math.sqrt(2 / Math.PI), [])])]);
      return g.op1('Mul', [g.op1('Mul', [x, g.constFloat(0.5, [])]), g.op1('Add', [tanh, g.constFloat(1, [])])]);
    }
  }
}

export interface MlpOptions {
  hidden: number;
  intermediate: number;
  activation: Activation;
  /** Gated MLP (LLaMA style): down(act(gate(x)) * up(x)). */
  gated?: boolean;
  bias?: boolean;
}

/** Feed-forward block: [b,s,hidden] → [b,s,hidden]. */
export function mlp(g: GraphBuilder, x: string, prefix: string, o: MlpOptions): string {
  const bias = o.bias ?? !o.gated;
  if (o.gated) {
    const gate = activation(g, linear(g, x, `${prefix}.gate_proj`, o.hidden, o.intermediate, bias), o.activation);
    const up = linear(g, x, `${prefix}.up_proj`, o.hidden, o.intermediate, bias);
    return linear(g, g.op1('Mul', [gate, up]), `${prefix}.down_proj`, o.intermediate, o.hidden, bias);
  }
  const inner = activation(g, linear(g, x, `${prefix}.fc1`, o.hidden, o.intermediate, bias), o.activation);
  return linear(g, inner, `${prefix}.fc2`, o.intermediate, o.hidden, bias);
}

/** attention_mask int64 [b,t] → additive float bias [b,1,1,t] (0 keep, MASK_NEG drop). */
export function paddingMaskBias(g: GraphBuilder, attentionMask: string): string {
  const maskF = g.op1('Cast', [attentionMask], { to: 1 });
  const inverted = g.op1('Sub', [g.constFloat(1, []), maskF]);
  const bias = g.op1('Mul', [inverted, g.constFloat(MASK_NEG, [])]);
  return g.op1('Unsqueeze', [bias, g.constInt64([1, 2])]);
}

/**
 * Causal additive bias [1,1,s,t] for queries at positions t-s … t-1 over keys 0 … t-1
 * (s from `query` [b,s,…], t from `attentionMask` [b,t]).
 */
export function causalMaskBias(g: GraphBuilder, query: string, attentionMask: string): string {
  const s = g.op1('Gather', [g.op1('Shape', [query]), g.constInt64(1, [])], { axis: 0 });
  const t = g.op1('Gather', [g.op1('Shape', [attentionMask]), g.constInt64(1, [])], { axis: 0 });
  return causalMaskBiasFor(g, s, t);
}

/** Causal additive bias [1,1,s,t] from scalar int64 lengths: s queries at positions t-s … t-1. */
export function causalMaskBiasFor(g: GraphBuilder, s: string, t: string): string {
  const keyPos = g.op1('Range', [g.constInt64(0, []), t, g.constInt64(1, [])]);
  const queryPos = g.op1('Range', [g.op1('Sub', [t, s]), t, g.constInt64(1, [])]);
  const future = g.op1('Greater', [g.op1('Unsqueeze', [keyPos, g.constInt64([0])]), g.op1('Unsqueeze', [queryPos, g.constInt64([1])])]);
  const bias = g.op1('Where', [future, g.constFloat(MASK_NEG, []), g.constFloat(0, [])]);
  return g.op1('Unsqueeze', [bias, g.constInt64([0, 1])]);
}

/** Rotary tables from position_ids [b,s]: cos, sin [b,1,s,rotaryDim] (halves duplicated, LLaMA layout). */
export function ropeTables(
  g: GraphBuilder,
  positionIds: string,
  rotaryDim: number,
  theta = 10000,
  /** Inverse frequencies and cos/sin scale of a real config's rope scaling (config/rope-parameters.ts). */
  scaled?: { invFreq: number[]; attentionScale: number },
): { cos: string; sin: string } {
  const invFreq = scaled?.invFreq ?? Array.from({ length: rotaryDim / 2 }, (_, i) => 1 / theta ** ((2 * i) / rotaryDim));
  const pos = g.op1('Unsqueeze', [g.op1('Cast', [positionIds], { to: 1 }), g.constInt64([-1])]);
  const freqs = g.op1('Mul', [pos, g.constFloat(invFreq)]);
  const emb = g.op1('Unsqueeze', [g.op1('Concat', [freqs, freqs], { axis: -1 }), g.constInt64([1])]);
  const cos = g.op1('Cos', [emb]);
  const sin = g.op1('Sin', [emb]);
  if (!scaled || scaled.attentionScale === 1) return { cos, sin };
  const scale = g.constFloat(scaled.attentionScale, []);
  return { cos: g.op1('Mul', [cos, scale]), sin: g.op1('Mul', [sin, scale]) };
}

/** Applies rotary embedding to x [b,h,s,d] (the first rotaryDim channels rotate; rest pass through). */
export function applyRope(g: GraphBuilder, x: string, tables: { cos: string; sin: string }, headDim: number, rotaryDim = headDim): string {
  const slice = (from: number, to: number) => g.op1('Slice', [x, g.constInt64([from]), g.constInt64([to]), g.constInt64([-1])]);
  const rot = rotaryDim === headDim ? x : slice(0, rotaryDim);
  const half = rotaryDim / 2;
  const x1 = g.op1('Slice', [rot, g.constInt64([0]), g.constInt64([half]), g.constInt64([-1])]);
  const x2 = g.op1('Slice', [rot, g.constInt64([half]), g.constInt64([rotaryDim]), g.constInt64([-1])]);
  const rotated = g.op1('Concat', [g.op1('Neg', [x2]), x1], { axis: -1 });
  const out = g.op1('Add', [g.op1('Mul', [rot, tables.cos]), g.op1('Mul', [rotated, tables.sin])]);
  return rotaryDim === headDim ? out : g.op1('Concat', [out, slice(rotaryDim, headDim)], { axis: -1 });
}

/** [b,s,h*d] → [b,h,s,d]. */
export function splitHeads(g: GraphBuilder, x: string, heads: number, headDim: number): string {
  return g.op1('Transpose', [g.op1('Reshape', [x, g.constInt64([0, 0, heads, headDim])])], { perm: [0, 2, 1, 3] });
}

/** [b,h,s,d] → [b,s,h*d]. */
export function mergeHeads(g: GraphBuilder, x: string, heads: number, headDim: number): string {
  return g.op1('Reshape', [g.op1('Transpose', [x], { perm: [0, 2, 1, 3] }), g.constInt64([0, 0, heads * headDim])]);
}

/** Past ⊕ present along the sequence axis: [b,h,p,d] ⊕ [b,h,s,d] → [b,h,p+s,d]. */
export function kvConcat(g: GraphBuilder, past: string, present: string): string {
  return g.op1('Concat', [past, present], { axis: 2 });
}

/** Repeats KV heads for grouped-query attention: [b,kv,t,d] → [b,kv*groups,t,d]. */
export function repeatKv(g: GraphBuilder, x: string, kvHeads: number, groups: number, headDim: number): string {
  if (groups === 1) return x;
  const expanded = g.op1('Tile', [g.op1('Unsqueeze', [x, g.constInt64([2])]), g.constInt64([1, 1, groups, 1, 1])]);
  return g.op1('Reshape', [expanded, g.constInt64([0, kvHeads * groups, -1, headDim])]);
}

export interface AttentionOptions {
  hidden: number;
  heads: number;
  /** KV heads (grouped-query attention when < heads). Default heads. */
  kvHeads?: number;
  headDim?: number;
  bias?: boolean;
  /** Additive biases [.., s or 1, t] summed into the scores (padding mask, causal mask). */
  maskBiases: string[];
  rope?: { cos: string; sin: string; rotaryDim?: number };
  /** Past key/value [b,kv,p,d] to concatenate before attending. */
  past?: { key: string; value: string };
  /** Cross attention: keys/values come from this [b,t,hidden] instead of x. */
  keyValueSource?: string;
}

/** Multi-head attention; returns the projected output and the full (past ⊕ new) keys/values. */
export function attention(g: GraphBuilder, x: string, prefix: string, o: AttentionOptions): { out: string; key: string; value: string } {
  const headDim = o.headDim ?? o.hidden / o.heads;
  const kvHeads = o.kvHeads ?? o.heads;
  const bias = o.bias ?? true;
  const kvSource = o.keyValueSource ?? x;
  let q = splitHeads(g, linear(g, x, `${prefix}.q_proj`, o.hidden, o.heads * headDim, bias), o.heads, headDim);
  let k = splitHeads(g, linear(g, kvSource, `${prefix}.k_proj`, o.hidden, kvHeads * headDim, bias), kvHeads, headDim);
  let v = splitHeads(g, linear(g, kvSource, `${prefix}.v_proj`, o.hidden, kvHeads * headDim, bias), kvHeads, headDim);
  if (o.rope) {
    q = applyRope(g, q, o.rope, headDim, o.rope.rotaryDim);
    k = applyRope(g, k, o.rope, headDim, o.rope.rotaryDim);
  }
  if (o.past) {
    k = kvConcat(g, o.past.key, k);
    v = kvConcat(g, o.past.value, v);
  }
  const groups = o.heads / kvHeads;
  const kFull = repeatKv(g, k, kvHeads, groups, headDim);
  const vFull = repeatKv(g, v, kvHeads, groups, headDim);
  let scores = g.op1('MatMul', [q, g.op1('Transpose', [kFull], { perm: [0, 1, 3, 2] })]);
  scores = g.op1('Mul', [scores, g.constFloat(1 / Math.sqrt(headDim), [])]);
  for (const m of o.maskBiases) scores = g.op1('Add', [scores, m]);
  const probs = g.op1('Softmax', [scores], { axis: -1 });
  const context = mergeHeads(g, g.op1('MatMul', [probs, vFull]), o.heads, headDim);
  return { out: linear(g, context, `${prefix}.o_proj`, o.heads * headDim, o.hidden, bias), key: k, value: v };
}

/** Conv2d with seeded weight [out,in,k,k] and bias: x [b,in,H,W] → [b,out,H',W']. */
export function conv2d(
  g: GraphBuilder,
  x: string,
  prefix: string,
  o: { inChannels: number; outChannels: number; kernel: number; stride?: number; pad?: number; group?: number },
): string {
  const group = o.group ?? 1;
  const w = g.weight(`${prefix}.weight`, [o.outChannels, o.inChannels / group, o.kernel, o.kernel], {
    std: 1 / Math.sqrt((o.inChannels / group) * o.kernel * o.kernel),
  });
  const b = g.weight(`${prefix}.bias`, [o.outChannels], { std: 0.02 });
  const pad = o.pad ?? 0;
  return g.op1('Conv', [x, w, b], {
    kernel_shape: [o.kernel, o.kernel],
    strides: [o.stride ?? 1, o.stride ?? 1],
    pads: [pad, pad, pad, pad],
    group,
  });
}

/** Conv1d with seeded weight [out,in,k] and bias: x [b,in,T] → [b,out,T']. */
export function conv1d(
  g: GraphBuilder,
  x: string,
  prefix: string,
  o: { inChannels: number; outChannels: number; kernel: number; stride?: number; pad?: number; group?: number },
): string {
  const group = o.group ?? 1;
  const w = g.weight(`${prefix}.weight`, [o.outChannels, o.inChannels / group, o.kernel], {
    std: 1 / Math.sqrt((o.inChannels / group) * o.kernel),
  });
  const b = g.weight(`${prefix}.bias`, [o.outChannels], { std: 0.02 });
  const pad = o.pad ?? 0;
  return g.op1('Conv', [x, w, b], { kernel_shape: [o.kernel], strides: [o.stride ?? 1], pads: [pad, pad], group });
}
