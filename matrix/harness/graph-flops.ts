/**
 * FLOPs of a decoder's forward pass, estimated from its ONNX graph at given input shapes: every
 * MatMul / Gemm / MatMulNBits / MatMulInteger with a constant weight [K, N] costs 2·rows·K·N (rows =
 * batch × new tokens), a 1-D Conv over tokens 2·rows·Cout·Cin/group·kernel, and every activation ×
 * activation MatMul (attention's Q·Kᵀ and P·V) 2·batch·heads·tokens·context·headDim. Elementwise ops,
 * norms and softmax are not counted (a few % of a decoder). 2-D Convs need spatial shapes the graph does
 * not state: they are listed in `uncounted`, not guessed. A head after a Gather on the token axis (a
 * classifier's [CLS] pooler) sees one row per batch item, and is counted so.
 */
import onnxProto from 'onnx-proto';

const { onnx } = onnxProto;

export interface FlopShapes {
  batch: number;
  /** Tokens fed in this forward (the prompt at prefill, 1 per generated token). */
  tokens: number;
  /** Tokens attended to (past + new). */
  context: number;
  /** Attention heads and head size (from config.json). */
  heads: number;
  headDim: number;
}

export interface GraphFlops {
  flops: number;
  /** Op types present but not counted, with how many nodes. */
  uncounted: Record<string, number>;
}

type Dim = number | { toNumber(): number };
const num = (d: Dim): number => (typeof d === 'number' ? d : d.toNumber());

/** The parts of an ONNX attribute the estimates read (ints, lists of ints, a constant tensor). */
export interface AttributeLike {
  name?: string | null;
  i?: Dim | null;
  ints?: Dim[] | null;
  s?: Uint8Array | null;
  t?: TensorLike | null;
}

interface TensorLike {
  name?: string | null;
  dims?: Dim[] | null;
  dataType?: number | null;
  int64Data?: Dim[] | null;
  int32Data?: number[] | null;
  rawData?: Uint8Array | null;
}

/** A graph node as decoded (op type, inputs, outputs, attributes). */
export interface NodeLike {
  opType?: string | null;
  input?: string[] | null;
  output?: string[] | null;
  attribute?: AttributeLike[] | null;
}

/** A decoded graph's weight shapes and nodes, for repeated estimates at several shapes. */
export interface FlopGraph {
  nodes: NodeLike[];
  weights: Map<string, number[]>;
  /** Transpose outputs of a weight (tied lm_head): output name → weight dims transposed. */
  transposed: Map<string, number[]>;
  /** Small integer initializers (reshape targets, axes, indices): name → values. */
  constants: Map<string, number[]>;
  /** The graph's inputs with their declared dims (a number, or a symbolic name such as `batch_size`). */
  inputs: Array<{ name: string; dims: Array<number | string> }>;
}

/** Reads the parts of an ONNX model FLOPs need (nodes, initializer dims; never the weights' data). */
export function flopGraph(bytes: Uint8Array): FlopGraph {
  const graph = onnx.ModelProto.decode(bytes).graph;
  const weights = new Map<string, number[]>();
  const constants = new Map<string, number[]>();
  for (const t of graph?.initializer ?? []) {
    weights.set(t.name ?? '', (t.dims ?? []).map((d) => num(d as Dim)));
    const values = intValues(t as TensorLike);
    if (values) constants.set(t.name ?? '', values);
  }
  const inputs = (graph?.input ?? []).filter((i) => !weights.has(i.name ?? '')).map((i) => ({
    name: i.name ?? '',
    dims: (i.type?.tensorType?.shape?.dim ?? []).map((d) => (d.dimParam ? d.dimParam : d.dimValue === null || d.dimValue === undefined ? '?' : num(d.dimValue as Dim))),
  }));
  const nodes = (graph?.node ?? []) as NodeLike[];
  const transposed = new Map<string, number[]>();
  for (const n of nodes) {
    const dims = n.opType === 'Transpose' ? weights.get(n.input?.[0] ?? '') : undefined;
    if (dims?.length === 2) transposed.set(n.output?.[0] ?? '', [dims[1]!, dims[0]!]);
  }
  return { nodes, weights, transposed, constants, inputs };
}

/** The values of an int64 / int32 tensor of at most 64 elements, or undefined (weights, floats). */
export function intValues(t: TensorLike): number[] | undefined {
  const count = (t.dims ?? []).reduce<number>((p, d) => p * num(d), 1);
  if (count > 64 || (t.dataType !== 7 && t.dataType !== 6)) return undefined;
  if (t.int64Data && t.int64Data.length > 0) return t.int64Data.map(num);
  if (t.int32Data && t.int32Data.length > 0) return [...t.int32Data];
  const raw = t.rawData;
  if (!raw || raw.length === 0) return count === 0 ? [] : undefined;
  const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
  const size = t.dataType === 7 ? 8 : 4;
  return Array.from({ length: raw.byteLength / size }, (_, i) => (size === 8 ? Number(view.getBigInt64(i * 8, true)) : view.getInt32(i * 4, true)));
}

const attrInt = (n: NodeLike, name: string): number | undefined => {
  const a = n.attribute?.find((x) => x.name === name);
  return a?.i === undefined || a.i === null ? undefined : num(a.i);
};

/** FLOPs of one forward at `shapes`. */
export function graphFlops(g: FlopGraph, shapes: FlopShapes): GraphFlops {
  const allRows = shapes.batch * shapes.tokens;
  const attention = 2 * shapes.batch * shapes.heads * shapes.tokens * shapes.context * shapes.headDim;
  let flops = 0;
  const uncounted: Record<string, number> = {};
  const weight = (name: string | undefined) => (name ? (g.weights.get(name) ?? g.transposed.get(name)) : undefined);
  // Tensors holding one token per batch item (after a Gather on axis 1), and everything computed from them.
  const oneRow = new Set<string>();
  for (const n of g.nodes) {
    const ins = n.input ?? [];
    const outs = n.output ?? [];
    if ((n.opType === 'Gather' && attrInt(n, 'axis') === 1) || oneRow.has(ins[0] ?? '')) for (const o of outs) oneRow.add(o);
    const rows = oneRow.has(ins[0] ?? '') ? shapes.batch : allRows;
    switch (n.opType) {
      case 'MatMul': {
        const w = weight(ins[1]);
        if (w && w.length === 2) flops += 2 * rows * w[0]! * w[1]!;
        else if (!weight(ins[0])) flops += attention;
        break;
      }
      case 'MatMulInteger': {
        const w = weight(ins[1]);
        if (w && w.length === 2) flops += 2 * rows * w[0]! * w[1]!;
        break;
      }
      case 'MatMulNBits':
        flops += 2 * rows * (attrInt(n, 'K') ?? 0) * (attrInt(n, 'N') ?? 0);
        break;
      case 'Gemm': {
        const w = weight(ins[1]);
        if (w && w.length === 2) flops += 2 * rows * w[0]! * w[1]!;
        break;
      }
      case 'Conv': {
        const w = weight(ins[1]);
        if (w && w.length === 3) flops += 2 * rows * w[0]! * w[1]! * w[2]!;
        else uncounted.Conv = (uncounted.Conv ?? 0) + 1;
        break;
      }
      case 'ConvTranspose':
      case 'Attention':
      case 'MultiHeadAttention':
      case 'GroupQueryAttention':
        uncounted[n.opType] = (uncounted[n.opType] ?? 0) + 1;
        break;
      default:
        break;
    }
  }
  return { flops, uncounted };
}

/** Generation FLOPs: the prefill of `promptTokens`, and one generated token at the mean context of `newTokens`. */
export function generationFlops(g: FlopGraph, o: { batch: number; promptTokens: number; newTokens: number; heads: number; headDim: number }): { prefill: number; perToken: number; perCall: number } {
  const prefill = graphFlops(g, { batch: o.batch, tokens: o.promptTokens, context: o.promptTokens, heads: o.heads, headDim: o.headDim }).flops;
  let decode = 0;
  for (let i = 1; i < o.newTokens; i++) decode += graphFlops(g, { batch: o.batch, tokens: 1, context: o.promptTokens + i, heads: o.heads, headDim: o.headDim }).flops;
  const perToken = o.newTokens > 1 ? decode / (o.newTokens - 1) / o.batch : graphFlops(g, { batch: 1, tokens: 1, context: o.promptTokens + 1, heads: o.heads, headDim: o.headDim }).flops;
  return { prefill, perToken, perCall: prefill + decode };
}
