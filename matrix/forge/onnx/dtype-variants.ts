/**
 * dtype variants of a forged fp32 graph, as transformers.js names them:
 * - fp16 (`_fp16`): float16 weights and compute; graph inputs/outputs stay float32 (transformers.js
 *   never casts the tensors it builds) except the KV cache (`past_key_values.*` in, `present.*` out),
 *   which is float16 as in real fp16 decoder exports — transformers.js allocates the empty cache
 *   from the session's input metadata, so it follows the graph's declared type.
 * - q8 (`_quantized`): like ORT quantize_dynamic: MatMul with a constant weight becomes
 *   DynamicQuantizeLinear + MatMulInteger (uint8 × int8, per-column scales); other large
 *   weights (embeddings, convs) are int8 + DequantizeLinear.
 * - q4 (`_q4`): MatMul with a constant weight becomes com.microsoft MatMulNBits (4-bit, symmetric
 *   blocks), as real q4 exports; the rest stays float32.
 */
import type { Dtype } from '../../harness/types.js';
import { float32ToFloat16Bits, type ElemType } from './elem-type.js';
import type { AttrValue, ForgeGraph, NodeIR, TensorData, TensorIR, ValueIR } from './forge-graph.js';
import { MS_DOMAIN } from './graph-builder.js';
import { elementCount, isLazyTensor, lastOnly, lazyTensor } from './lazy-tensor.js';

/** File suffix per dtype. */
export const DTYPE_SUFFIX: Readonly<Record<Dtype, string>> = Object.freeze({ fp32: '', fp16: '_fp16', q8: '_quantized', q4: '_q4' });

/** `onnx/model.onnx` + `q8` → `onnx/model_quantized.onnx`. */
export function variantPath(fp32Path: string, dtype: Dtype): string {
  return fp32Path.replace(/\.onnx$/, `${DTYPE_SUFFIX[dtype]}.onnx`);
}

/** The graph in the given dtype (fp32 returns the graph itself). */
export function deriveVariant(graph: ForgeGraph, dtype: Dtype): ForgeGraph {
  switch (dtype) {
    case 'fp32':
      return graph;
    case 'fp16':
      return toFloat16(graph);
    case 'q8':
      return quantizeInt8(graph);
    case 'q4':
      return quantizeInt4(graph);
  }
}

const FLOAT = 1;
const FLOAT16 = 10;
/** ops whose ORT CPU kernels have no float16 version: run them in float32 between casts. */
const FP32_ONLY_OPS: ReadonlySet<string> = new Set(['Cos', 'Sin', 'Erf', 'Tanh', 'Pow', 'Sqrt', 'Reciprocal']);
/** Cache inputs (`past_key_values.*`, `past_conv.*`, …); PatchTST's `past_values` is data, not cache. */
const isCacheInput = (name: string) => /^past_/.test(name) && name !== 'past_values';
const isCacheOutput = (name: string) => /^present/.test(name);

function toFloat16(graph: ForgeGraph): ForgeGraph {
  const nodes: NodeIR[] = [];
  const rename = new Map<string, string>();
  const inputs: ValueIR[] = graph.inputs.map((v) => (v.elemType === 'float32' && isCacheInput(v.name) ? { ...v, elemType: 'float16' } : v));
  for (const v of graph.inputs) {
    if (v.elemType !== 'float32' || isCacheInput(v.name)) continue;
    rename.set(v.name, `${v.name}__fp16`);
    nodes.push(castNode(v.name, `${v.name}__fp16`, FLOAT16));
  }
  const outputs: ValueIR[] = graph.outputs.map((v) => (v.elemType === 'float32' && isCacheOutput(v.name) ? { ...v, elemType: 'float16' } : v));
  const outputCasts: NodeIR[] = [];
  for (const v of graph.outputs) {
    if (v.elemType !== 'float32' || isCacheOutput(v.name)) continue;
    rename.set(v.name, `${v.name}__fp16`);
    outputCasts.push(castNode(`${v.name}__fp16`, v.name, FLOAT));
  }
  const r = (name: string) => rename.get(name) ?? name;
  for (const node of graph.nodes) {
    const attrs = mapAttrs(node.attrs);
    if (FP32_ONLY_OPS.has(node.opType)) {
      const ins = node.inputs.map((name, i) => {
        if (!name || (node.opType === 'Pow' && i === 1)) return r(name);
        nodes.push(castNode(r(name), `${node.name}__in${i}_fp32`, FLOAT));
        return `${node.name}__in${i}_fp32`;
      });
      const outs = node.outputs.map((_, i) => `${node.name}__out${i}_fp32`);
      nodes.push({ ...node, inputs: ins, outputs: outs, attrs });
      node.outputs.forEach((name, i) => nodes.push(castNode(outs[i]!, r(name), FLOAT16)));
      continue;
    }
    nodes.push({ ...node, inputs: node.inputs.map(r), outputs: node.outputs.map(r), attrs });
  }
  nodes.push(...outputCasts);
  return { ...graph, inputs, outputs, nodes, initializers: graph.initializers.map(tensorToFloat16) };
}

function mapAttrs(attrs: Record<string, AttrValue>): Record<string, AttrValue> {
  const out: Record<string, AttrValue> = {};
  for (const [key, value] of Object.entries(attrs)) {
    if (key === 'to' && value === FLOAT) out[key] = FLOAT16;
    else if (typeof value === 'object' && !Array.isArray(value) && value.kind === 'tensor') out[key] = { kind: 'tensor', value: tensorToFloat16(value.value) };
    else out[key] = value;
  }
  return out;
}

function tensorToFloat16(t: TensorIR): TensorIR {
  if (t.elemType !== 'float32') return t;
  if (isLazyTensor(t)) return lazyTensor(t.name, 'float16', t.dims, () => halfBits(t.data as Float32Array));
  return { ...t, elemType: 'float16', data: halfBits(t.data as Float32Array) };
}

function halfBits(src: Float32Array): Uint16Array {
  const bits = new Uint16Array(src.length);
  for (let i = 0; i < src.length; i++) bits[i] = float32ToFloat16Bits(src[i]!);
  return bits;
}

/**
 * The tensors one source initializer becomes, by output name: held when the source is held, computed on
 * read (once per source, through `slot`) when it is lazy.
 */
function derived(
  source: TensorIR,
  slot: ReturnType<typeof lastOnly>,
  compute: (src: Float32Array) => TensorData[],
  outputs: Array<{ name: string; elemType: ElemType; dims: number[] }>,
): TensorIR[] {
  if (!isLazyTensor(source)) {
    const data = compute(source.data as Float32Array);
    return outputs.map((o, i) => tensor(o.name, o.elemType, o.dims, data[i]!));
  }
  return outputs.map((o, i) => lazyTensor(o.name, o.elemType, o.dims, () => slot(source.name, () => compute(source.data as Float32Array))[i]!));
}

function castNode(from: string, to: string, elem: number): NodeIR {
  return { name: `Cast__${to}`, opType: 'Cast', domain: '', inputs: [from], outputs: [to], attrs: { to: elem } };
}

/** Constant 2-D float weights used as MatMul's B, by name. */
function matmulWeights(graph: ForgeGraph): Map<string, TensorIR> {
  const inits = new Map(graph.initializers.map((t) => [t.name, t]));
  const out = new Map<string, TensorIR>();
  for (const node of graph.nodes) {
    const w = node.opType === 'MatMul' ? inits.get(node.inputs[1] ?? '') : undefined;
    if (w && w.elemType === 'float32' && w.dims.length === 2) out.set(w.name, w);
  }
  return out;
}

function usesOf(graph: ForgeGraph): Map<string, number> {
  const uses = new Map<string, number>();
  for (const node of graph.nodes) for (const i of node.inputs) uses.set(i, (uses.get(i) ?? 0) + 1);
  return uses;
}

function tensor(name: string, elemType: ElemType, dims: number[], data: TensorIR['data']): TensorIR {
  return { name, elemType, dims, data };
}

function quantizeInt8(graph: ForgeGraph): ForgeGraph {
  const weights = matmulWeights(graph);
  const uses = usesOf(graph);
  const initializers: TensorIR[] = [];
  const nodes: NodeIR[] = [];
  const dequantized = new Set<string>();
  const slot = lastOnly();
  for (const t of graph.initializers) {
    const size = elementCount(t);
    if (weights.has(t.name) && uses.get(t.name) === 1) {
      const n = t.dims[1]!;
      initializers.push(
        ...derived(t, slot, (src) => perColumnInt8(src, n), [
          { name: `${t.name}_quantized`, elemType: 'int8', dims: t.dims },
          { name: `${t.name}_scale`, elemType: 'float32', dims: [n] },
        ]),
      );
      initializers.push(tensor(`${t.name}_zero_point`, 'int8', [n], new Int8Array(n)));
    } else if (t.elemType === 'float32' && t.dims.length >= 2 && size >= 64) {
      initializers.push(
        ...derived(t, slot, perTensorInt8, [
          { name: `${t.name}_quantized`, elemType: 'int8', dims: t.dims },
          { name: `${t.name}_scale`, elemType: 'float32', dims: [] },
        ]),
      );
      initializers.push(tensor(`${t.name}_zero_point`, 'int8', [], new Int8Array(1)));
      nodes.push({ name: `DequantizeLinear__${t.name}`, opType: 'DequantizeLinear', domain: '', inputs: [`${t.name}_quantized`, `${t.name}_scale`, `${t.name}_zero_point`], outputs: [t.name], attrs: {} });
      dequantized.add(t.name);
    } else {
      initializers.push(t);
    }
  }
  for (const node of graph.nodes) {
    const w = node.opType === 'MatMul' && !dequantized.has(node.inputs[1] ?? '') ? weights.get(node.inputs[1] ?? '') : undefined;
    if (!w || uses.get(w.name) !== 1) {
      nodes.push(node);
      continue;
    }
    const a = node.inputs[0]!;
    const p = node.name;
    nodes.push({ name: `${p}__dql`, opType: 'DynamicQuantizeLinear', domain: '', inputs: [a], outputs: [`${p}__a_q`, `${p}__a_scale`, `${p}__a_zp`], attrs: {} });
    nodes.push({ name: `${p}__mmi`, opType: 'MatMulInteger', domain: '', inputs: [`${p}__a_q`, `${w.name}_quantized`, `${p}__a_zp`, `${w.name}_zero_point`], outputs: [`${p}__i32`], attrs: {} });
    nodes.push(castNode(`${p}__i32`, `${p}__f32`, FLOAT));
    nodes.push({ name: `${p}__scale`, opType: 'Mul', domain: '', inputs: [`${p}__a_scale`, `${w.name}_scale`], outputs: [`${p}__s`], attrs: {} });
    nodes.push({ name: `${p}__rescale`, opType: 'Mul', domain: '', inputs: [`${p}__f32`, `${p}__s`], outputs: node.outputs, attrs: {} });
  }
  return { ...graph, nodes, initializers };
}

/** ORT quantize_dynamic's per-column symmetric int8 of a [k, n] MatMul weight: [q, scales]. */
function perColumnInt8(src: Float32Array, n: number): [Int8Array, Float32Array] {
  const size = src.length;
  const scales = new Float32Array(n);
  for (let i = 0; i < size; i++) {
    const a = Math.abs(src[i]!);
    if (a > scales[i % n]!) scales[i % n] = a;
  }
  for (let j = 0; j < n; j++) scales[j] = scales[j]! / 127 || 1;
  const q = new Int8Array(size);
  for (let i = 0, j = 0; i < size; i++, j = j + 1 === n ? 0 : j + 1) q[i] = Math.round(src[i]! / scales[j]!);
  return [q, scales];
}

/** Per-tensor symmetric int8 (embeddings, convs, dequantized on load): [q, scale]. */
function perTensorInt8(src: Float32Array): [Int8Array, Float32Array] {
  const size = src.length;
  let max = 0;
  for (let i = 0; i < size; i++) {
    const a = Math.abs(src[i]!);
    if (a > max) max = a;
  }
  const scale = max / 127 || 1;
  const q = new Int8Array(size);
  for (let i = 0; i < size; i++) q[i] = Math.round(src[i]! / scale);
  return [q, Float32Array.of(scale)];
}

function quantizeInt4(graph: ForgeGraph): ForgeGraph {
  const weights = matmulWeights(graph);
  const uses = usesOf(graph);
  const initializers: TensorIR[] = [];
  const packed = new Map<string, { k: number; n: number; blockSize: number }>();
  const slot = lastOnly();
  for (const t of graph.initializers) {
    const w = weights.get(t.name);
    const [k, n] = (t.dims as [number, number]) ?? [0, 0];
    if (!w || uses.get(t.name) !== 1 || k < 16) {
      initializers.push(t);
      continue;
    }
    const blockSize = k % 32 === 0 ? 32 : 16;
    const blocks = Math.ceil(k / blockSize);
    initializers.push(
      ...derived(t, slot, (src) => blockInt4(src, k, n, blockSize), [
        { name: `${t.name}_Q4`, elemType: 'uint8', dims: [n, blocks, blockSize / 2] },
        { name: `${t.name}_scales`, elemType: 'float32', dims: [n * blocks] },
      ]),
    );
    packed.set(t.name, { k, n, blockSize });
  }
  const nodes = graph.nodes.map((node): NodeIR => {
    const info = node.opType === 'MatMul' ? packed.get(node.inputs[1] ?? '') : undefined;
    if (!info) return node;
    const w = node.inputs[1]!;
    return {
      name: `${node.name}__q4`,
      opType: 'MatMulNBits',
      domain: MS_DOMAIN,
      inputs: [node.inputs[0]!, `${w}_Q4`, `${w}_scales`],
      outputs: node.outputs,
      attrs: { K: info.k, N: info.n, bits: 4, block_size: info.blockSize },
    };
  });
  const opsets = packed.size > 0 ? { ...graph.opsets, [MS_DOMAIN]: 1 } : graph.opsets;
  return { ...graph, nodes, initializers, opsets };
}

/** MatMulNBits' 4-bit symmetric blocks of a [k, n] weight, column-major by block: [packed, scales]. */
function blockInt4(src: Float32Array, k: number, n: number, blockSize: number): [Uint8Array, Float32Array] {
  const blocks = Math.ceil(k / blockSize);
  const data = new Uint8Array(n * blocks * (blockSize / 2));
  const scales = new Float32Array(n * blocks);
  for (let col = 0; col < n; col++) {
    for (let b = 0; b < blocks; b++) {
      let max = 0;
      for (let i = b * blockSize; i < Math.min(k, (b + 1) * blockSize); i++) max = Math.max(max, Math.abs(src[i * n + col]!));
      const scale = max / 7 || 1;
      scales[col * blocks + b] = scale;
      for (let j = 0; j < blockSize; j++) {
        const row = b * blockSize + j;
        const value = row < k ? src[row * n + col]! : 0;
        const q = Math.max(0, Math.min(15, Math.round(value / scale) + 8));
        const at = (col * blocks + b) * (blockSize / 2) + (j >> 1);
        data[at] = data[at]! | (j & 1 ? q << 4 : q);
      }
    }
  }
  return [data, scales];
}
