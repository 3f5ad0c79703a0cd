/**
 * FLOPs of one forward from concrete input shapes (pixels [b,c,h,w], audio samples [b,n], features
 * [b,mels,frames], an encoder's hidden states, …): shapes are propagated node by node through the ONNX
 * graph — Conv's output size from its kernel / strides / pads / dilations, Reshape / Flatten / Transpose /
 * Concat / Slice / Gather / Unsqueeze / Expand, broadcasting elementwise ops — with the small integer tensors
 * that compute reshape targets (Shape → Gather → Concat) evaluated on the way. Every MatMul then costs
 * 2·(output elements)·K, a Gemm 2·M·N·K, a Conv 2·(output elements)·(Cin/group)·kernel. Where a counted op's
 * input shape cannot be known (an op this does not model, a data-dependent shape), nothing is guessed: the
 * op lands in `uncounted` and `unknownAfter` names the first op that lost the shape.
 */
import type { AttributeLike, FlopGraph, GraphFlops, NodeLike } from './graph-flops.js';
import { intValues } from './graph-flops.js';

/** FLOPs of `g` at the given input shapes, with `output` shapes where known. */
export interface ShapedFlops extends GraphFlops {
  /** The op type and output of the first node whose output shape could not be derived. */
  unknownAfter?: string;
  /** Output shape of each graph tensor that was derived (e.g. an encoder's `last_hidden_state`). */
  shapes: Map<string, number[]>;
}

type Attr = AttributeLike;
const n2 = (d: unknown): number => (typeof d === 'number' ? d : (d as { toNumber(): number }).toNumber());
const attr = (n: NodeLike, name: string): Attr | undefined => n.attribute?.find((a) => a.name === name);
const attrInt = (n: NodeLike, name: string, fallback: number): number => {
  const a = attr(n, name);
  return a?.i === undefined || a.i === null ? fallback : n2(a.i);
};
const attrInts = (n: NodeLike, name: string): number[] | undefined => {
  const a = attr(n, name);
  return a?.ints && a.ints.length > 0 ? a.ints.map(n2) : undefined;
};
const product = (dims: readonly number[]): number => dims.reduce((p, d) => p * d, 1);
const axisOf = (axis: number, rank: number): number => (axis < 0 ? axis + rank : axis);

const UNARY = new Set(['Cast', 'Identity', 'Erf', 'Relu', 'Sqrt', 'Softmax', 'LogSoftmax', 'LayerNormalization', 'SimplifiedLayerNormalization', 'Neg', 'Tanh', 'Sigmoid', 'Gelu', 'FastGelu', 'Exp', 'Log', 'Abs', 'Not', 'Dropout', 'Reciprocal', 'Sin', 'Cos', 'IsNaN', 'Floor', 'Ceil', 'Round', 'BatchNormalization', 'InstanceNormalization', 'GroupNormalization', 'HardSigmoid', 'LeakyRelu', 'Elu', 'Softplus', 'Clip', 'QuickGelu', 'SkipLayerNormalization']);
const BINARY: Record<string, ((a: number, b: number) => number) | null> = {
  Add: (a, b) => a + b, Sub: (a, b) => a - b, Mul: (a, b) => a * b, Div: (a, b) => Math.trunc(a / b),
  Pow: null, Equal: null, Greater: null, Less: null, GreaterOrEqual: null, LessOrEqual: null, And: null, Or: null, Max: Math.max, Min: Math.min, Mod: null, Where: null,
};

/** Broadcast shapes (numpy rules), or undefined where they do not broadcast. */
function broadcast(shapes: readonly (readonly number[])[]): number[] | undefined {
  const rank = Math.max(...shapes.map((s) => s.length));
  const out: number[] = [];
  for (let i = 0; i < rank; i++) {
    let d = 1;
    for (const s of shapes) {
      const x = s[s.length - rank + i] ?? 1;
      if (x !== 1) {
        if (d !== 1 && d !== x) return undefined;
        d = x;
      }
    }
    out.push(d);
  }
  return out;
}

/** Output spatial size of a Conv / pool window over `x` [N, C, ...spatial] (kernel, strides, pads, dilations, auto_pad, ceil_mode). */
function windowed(n: NodeLike, x: readonly number[], kernel: readonly number[]): number[] {
  const spatial = x.length - 2;
  const strides = attrInts(n, 'strides') ?? kernel.map(() => 1);
  const dilations = attrInts(n, 'dilations') ?? kernel.map(() => 1);
  const pads = attrInts(n, 'pads') ?? kernel.flatMap(() => [0, 0]);
  const padAttr = attr(n, 'auto_pad')?.s;
  const autoPad = padAttr && padAttr.length > 0 ? new TextDecoder().decode(padAttr) : 'NOTSET';
  const round = attrInt(n, 'ceil_mode', 0) === 1 ? Math.ceil : Math.floor;
  return Array.from({ length: spatial }, (_, i) => {
    const input = x[2 + i]!;
    if (autoPad === 'SAME_UPPER' || autoPad === 'SAME_LOWER') return Math.ceil(input / strides[i]!);
    const padded = input + (autoPad === 'VALID' ? 0 : pads[i]! + pads[i + spatial]!);
    return round((padded - dilations[i]! * (kernel[i]! - 1) - 1) / strides[i]!) + 1;
  });
}

/** FLOPs of one forward of `g` fed inputs of `inputShapes` (name → dims; every graph input must be there). */
export function shapeFlops(g: FlopGraph, inputShapes: Readonly<Record<string, readonly number[]>>): ShapedFlops {
  const shapes = new Map<string, number[]>();
  const values = new Map<string, number[]>(g.constants);
  for (const [name, dims] of g.weights) shapes.set(name, dims);
  for (const [name, dims] of Object.entries(inputShapes)) shapes.set(name, [...dims]);
  let flops = 0;
  const uncounted: Record<string, number> = {};
  let unknownAfter: string | undefined;
  const miss = (op: string) => { uncounted[op] = (uncounted[op] ?? 0) + 1; };

  for (const n of g.nodes) {
    const op = n.opType ?? '';
    const ins = n.input ?? [];
    const outs = n.output ?? [];
    const s = (i: number): number[] | undefined => (ins[i] ? shapes.get(ins[i]) : undefined);
    const v = (i: number): number[] | undefined => (ins[i] ? values.get(ins[i]) : undefined);
    let out: number[] | undefined;
    let value: number[] | undefined;
    const x = s(0);
    switch (op) {
      case 'Constant': {
        const t = attr(n, 'value')?.t;
        if (t) {
          out = (t.dims ?? []).map(n2);
          value = intValues(t);
        }
        break;
      }
      case 'Shape':
        if (x) {
          const rank = x.length;
          const start = axisOf(attrInt(n, 'start', 0), rank);
          const end = attr(n, 'end') ? axisOf(attrInt(n, 'end', rank), rank) : rank;
          value = x.slice(start, end);
          out = [value.length];
        }
        break;
      case 'ConstantOfShape':
        if (v(0)) out = v(0);
        break;
      case 'Gather': {
        const idx = s(1);
        if (x && idx) {
          const axis = axisOf(attrInt(n, 'axis', 0), x.length);
          out = [...x.slice(0, axis), ...idx, ...x.slice(axis + 1)];
          const data = v(0);
          const iv = v(1);
          if (data && iv && x.length === 1) value = iv.map((i) => data[i < 0 ? i + data.length : i]!);
        }
        break;
      }
      case 'Unsqueeze':
      case 'Squeeze': {
        const axes = attrInts(n, 'axes') ?? v(1);
        if (x) {
          if (op === 'Unsqueeze' && axes) {
            const rank = x.length + axes.length;
            const at = new Set(axes.map((a) => axisOf(a, rank)));
            const rest = [...x];
            out = Array.from({ length: rank }, (_, i) => (at.has(i) ? 1 : rest.shift()!));
          } else if (op === 'Squeeze') {
            const at = axes ? new Set(axes.map((a) => axisOf(a, x.length))) : undefined;
            out = x.filter((d, i) => (at ? !at.has(i) : d !== 1));
          }
          if (out && v(0)) value = v(0);
        }
        break;
      }
      case 'Concat': {
        const all = ins.map((_, i) => s(i));
        if (all.every((a): a is number[] => a !== undefined) && all.length > 0) {
          const axis = axisOf(attrInt(n, 'axis', 0), all[0]!.length);
          out = [...all[0]!];
          out[axis] = all.reduce((sum, a) => sum + (a[axis] ?? 0), 0);
          const vs = ins.map((_, i) => v(i));
          if (vs.every((a) => a !== undefined)) value = vs.flat() as number[];
        }
        break;
      }
      case 'Slice': {
        const [starts, ends] = [attrInts(n, 'starts') ?? v(1), attrInts(n, 'ends') ?? v(2)];
        if (x && starts && ends) {
          const axes = attrInts(n, 'axes') ?? v(3) ?? starts.map((_, i) => i);
          const steps = v(4) ?? starts.map(() => 1);
          out = [...x];
          axes.forEach((a0, i) => {
            const a = axisOf(a0, x.length);
            const dim = x[a]!;
            const clamp = (p: number, lo: number, hi: number) => Math.min(Math.max(p < 0 ? p + dim : p, lo), hi);
            const step = steps[i] ?? 1;
            const [b, e] = step > 0 ? [clamp(starts[i]!, 0, dim), clamp(ends[i]!, 0, dim)] : [clamp(starts[i]!, -1, dim - 1), clamp(ends[i]!, -1, dim - 1)];
            out![a] = Math.max(0, Math.ceil((e - b) / step));
            if (a === 0 && x.length === 1 && v(0)) value = v(0)!.slice(b, e);
          });
        }
        break;
      }
      case 'Range': {
        const [a, b, d] = [v(0), v(1), v(2)];
        if (a && b && d) {
          const length = Math.max(0, Math.ceil((b[0]! - a[0]!) / d[0]!));
          out = [length];
          value = Array.from({ length }, (_, i) => a[0]! + i * d[0]!);
        }
        break;
      }
      case 'Expand': {
        const target = v(1);
        if (x && target) out = broadcast([x, target]);
        break;
      }
      case 'Reshape': {
        const target = v(1);
        if (x && target) {
          const shape = target.map((d, i) => (d === 0 && attrInt(n, 'allowzero', 0) === 0 ? x[i]! : d));
          const known = product(shape.filter((d) => d !== -1));
          out = shape.map((d) => (d === -1 ? (known === 0 ? 0 : product(x) / known) : d));
          if (v(0)) value = v(0);
        }
        break;
      }
      case 'Flatten':
        if (x) {
          const axis = axisOf(attrInt(n, 'axis', 1), x.length);
          out = [product(x.slice(0, axis)), product(x.slice(axis))];
        }
        break;
      case 'Transpose':
        if (x) {
          const perm = attrInts(n, 'perm') ?? x.map((_, i) => x.length - 1 - i);
          out = perm.map((p) => x[p]!);
        }
        break;
      case 'ReduceMean':
      case 'ReduceSum':
      case 'ReduceMax':
      case 'ReduceMin':
      case 'ReduceL2':
        if (x) {
          const axes = (attrInts(n, 'axes') ?? v(1) ?? x.map((_, i) => i)).map((a) => axisOf(a, x.length));
          const keep = attrInt(n, 'keepdims', 1) === 1;
          out = x.flatMap((d, i) => (axes.includes(i) ? (keep ? [1] : []) : [d]));
        }
        break;
      case 'MatMul':
      case 'MatMulInteger': {
        const b = s(1);
        if (x && b) {
          const a2 = x.length === 1 ? [1, ...x] : x;
          const b2 = b.length === 1 ? [...b, 1] : b;
          const batch = broadcast([a2.slice(0, -2), b2.slice(0, -2)]);
          if (batch) {
            const full = [...batch, a2.at(-2)!, b2.at(-1)!];
            flops += 2 * product(full) * a2.at(-1)!;
            out = full.filter((_, i) => !(x.length === 1 && i === full.length - 2) && !(b.length === 1 && i === full.length - 1));
          }
        }
        if (!out) miss(op);
        break;
      }
      case 'MatMulNBits': {
        const [k, nOut] = [attrInt(n, 'K', 0), attrInt(n, 'N', 0)];
        if (x) {
          out = [...x.slice(0, -1), nOut];
          flops += 2 * product(x.slice(0, -1)) * k * nOut;
        } else miss(op);
        break;
      }
      case 'Gemm': {
        const b = s(1);
        if (x && b && x.length === 2 && b.length === 2) {
          const [m, k] = attrInt(n, 'transA', 0) ? [x[1]!, x[0]!] : [x[0]!, x[1]!];
          const cols = attrInt(n, 'transB', 0) ? b[0]! : b[1]!;
          out = [m, cols];
          flops += 2 * m * k * cols;
        } else miss(op);
        break;
      }
      case 'GlobalAveragePool':
      case 'GlobalMaxPool':
        if (x) out = [...x.slice(0, 2), ...x.slice(2).map(() => 1)];
        break;
      case 'MaxPool':
      case 'AveragePool':
        if (x && x.length >= 3) out = [x[0]!, x[1]!, ...windowed(n, x, attrInts(n, 'kernel_shape') ?? [])];
        break;
      case 'ConvTranspose': {
        const w = s(1);
        if (x && w && x.length === w.length && x.length >= 3) {
          const spatial = x.length - 2;
          const kernel = attrInts(n, 'kernel_shape') ?? w.slice(2);
          const strides = attrInts(n, 'strides') ?? kernel.map(() => 1);
          const dilations = attrInts(n, 'dilations') ?? kernel.map(() => 1);
          const pads = attrInts(n, 'pads') ?? kernel.flatMap(() => [0, 0]);
          const extra = attrInts(n, 'output_padding') ?? kernel.map(() => 0);
          const given = attrInts(n, 'output_shape');
          const size = kernel.map((k, i) => given?.[i] ?? strides[i]! * (x[2 + i]! - 1) + extra[i]! + (k - 1) * dilations[i]! + 1 - pads[i]! - pads[i + spatial]!);
          const group = attrInt(n, 'group', 1);
          out = [x[0]!, w[1]! * group, ...size];
          // Every input position scatters into Cout/group × kernel outputs.
          flops += 2 * product(x) * w[1]! * product(kernel);
        } else miss(op);
        break;
      }
      case 'Conv': {
        const w = s(1);
        if (x && w && x.length === w.length && x.length >= 3) {
          out = [x[0]!, w[0]!, ...windowed(n, x, attrInts(n, 'kernel_shape') ?? w.slice(2))];
          flops += 2 * product(out) * product(w.slice(1));
        } else miss(op);
        break;
      }
      default:
        if (UNARY.has(op) && x) {
          out = [...x];
          if ((op === 'Cast' || op === 'Identity') && v(0)) value = v(0);
        } else if (op in BINARY) {
          const all = (op === 'Where' ? [0, 1, 2] : [0, 1]).map((i) => s(i));
          if (all.every((a) => a !== undefined)) out = broadcast(all as number[][]);
          const fn = BINARY[op];
          const [a, b] = [v(0), v(1)];
          if (out && fn && a && b && product(out) <= 64) {
            const len = Math.max(a.length, b.length);
            value = Array.from({ length: len }, (_, i) => fn(a[a.length === 1 ? 0 : i]!, b[b.length === 1 ? 0 : i]!));
          }
        } else if (op === 'Attention' || op === 'MultiHeadAttention' || op === 'GroupQueryAttention') miss(op);
        break;
    }
    if (out) {
      shapes.set(outs[0] ?? '', out);
      if (value) values.set(outs[0] ?? '', value);
      if (op === 'LayerNormalization' || op === 'Dropout') for (const o of outs.slice(1)) if (o) shapes.delete(o);
    } else if (!unknownAfter) unknownAfter = `${op} → ${outs[0] ?? '?'}`;
  }
  return { flops, uncounted, shapes, ...(unknownAfter ? { unknownAfter } : {}) };
}
