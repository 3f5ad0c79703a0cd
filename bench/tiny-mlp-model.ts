/**
 * A tiny transformer-like MLP in four dtypes, encoded in code with onnx-proto, for benchmarks:
 * x [1, seq, hidden] → `layers` × (MatMul → Relu → MatMul, residual, LayerNorm) → last_hidden_state,
 * then MatMul → logits [1, seq, vocab]. Weights are seeded uniform with std 1/√fan_in (as the forge draws them).
 * The dtypes mirror transformers.js exports: fp16 (all weights and activations half, fp32 IO by Cast),
 * q8 (ORT quantize_dynamic: DynamicQuantizeLinear + MatMulInteger with per-tensor symmetric int8 weights),
 * q4 (com.microsoft MatMulNBits, 4-bit symmetric blocks of 32).
 */
import onnxProto from 'onnx-proto';
import type { Dtype } from '../matrix/harness/types.js';

const { onnx } = onnxProto;
const FLOAT = 1;
const UINT8 = 2;
const INT8 = 3;
const FLOAT16 = 10;

export interface TinyMlpOptions {
  seed: number;
  hidden?: number;
  intermediate?: number;
  vocab?: number;
  layers?: number;
  seq?: number;
}

export interface TinyMlp {
  bytes: Uint8Array;
  inputDims: number[];
}

type Tensor = { name: string; dataType: number; dims: number[]; rawData: Uint8Array };
type Attr = { name: string; type: number; i: number };
type Node = { name: string; opType: string; domain?: string; input: string[]; output: string[]; attribute?: Attr[] };

/** The model in `dtype`; the same seed gives the same fp32 weights in every dtype. */
export function tinyMlp(dtype: Dtype, options: TinyMlpOptions): TinyMlp {
  const { seed, hidden = 32, intermediate = 64, vocab = 100, layers = 2, seq = 16 } = options;
  const random = mulberry32(seed);
  const uniform = (size: number, std: number, mean = 0) => Float32Array.from({ length: size }, () => mean + (random() * 2 - 1) * std * Math.sqrt(3));
  const nodes: Node[] = [];
  const inits: Tensor[] = [];
  let id = 0;
  const half = dtype === 'fp16';
  const floatTensor = (name: string, dims: number[], data: Float32Array): string => {
    inits.push(half ? { name, dataType: FLOAT16, dims, rawData: bytesOf(toHalf(data)) } : { name, dataType: FLOAT, dims, rawData: bytesOf(data) });
    return name;
  };
  const op = (opType: string, input: string[], attribute: Attr[] = [], domain = ''): string => {
    const out = `${opType}_${id++}`;
    nodes.push({ name: out, opType, domain, input, output: [out], attribute });
    return out;
  };
  const matmul = (x: string, name: string, k: number, n: number): string => {
    const w = uniform(k * n, 1 / Math.sqrt(k));
    if (dtype === 'q8') return matmulQ8(x, name, w, k, n);
    if (dtype === 'q4') return matmulQ4(x, name, w, k, n);
    return op('MatMul', [x, floatTensor(name, [k, n], w)]);
  };
  const matmulQ8 = (x: string, name: string, w: Float32Array, k: number, n: number): string => {
    const scale = maxAbs(w) / 127;
    const q = Int8Array.from(w, (v) => Math.max(-127, Math.min(127, Math.round(v / scale))));
    inits.push({ name: `${name}_q`, dataType: INT8, dims: [k, n], rawData: bytesOf(q) });
    inits.push({ name: `${name}_zp`, dataType: INT8, dims: [], rawData: new Uint8Array(1) });
    inits.push({ name: `${name}_scale`, dataType: FLOAT, dims: [], rawData: bytesOf(Float32Array.of(scale)) });
    const dq = `${name}_dq_${id++}`;
    nodes.push({ name: dq, opType: 'DynamicQuantizeLinear', input: [x], output: [`${dq}_y`, `${dq}_s`, `${dq}_zp`] });
    const mmi = op('MatMulInteger', [`${dq}_y`, `${name}_q`, `${dq}_zp`, `${name}_zp`]);
    const f = op('Cast', [mmi], [{ name: 'to', type: 2, i: FLOAT }]);
    return op('Mul', [op('Mul', [f, `${dq}_s`]), `${name}_scale`]);
  };
  const matmulQ4 = (x: string, name: string, w: Float32Array, k: number, n: number): string => {
    const block = 32;
    const blocks = Math.ceil(k / block);
    const packed = new Uint8Array(n * blocks * (block / 2));
    const scales = new Float32Array(n * blocks);
    for (let col = 0; col < n; col++) {
      for (let b = 0; b < blocks; b++) {
        let amax = 0;
        for (let i = b * block; i < Math.min(k, (b + 1) * block); i++) amax = Math.max(amax, Math.abs(w[i * n + col]!));
        const scale = amax / 7 || 1;
        scales[col * blocks + b] = scale;
        for (let i = 0; i < block; i++) {
          const row = b * block + i;
          const q = row < k ? Math.max(0, Math.min(15, Math.round(w[row * n + col]! / scale) + 8)) : 8;
          const at = (col * blocks + b) * (block / 2) + (i >> 1);
          packed[at] = packed[at]! | (i % 2 === 0 ? q : q << 4);
        }
      }
    }
    inits.push({ name: `${name}_q4`, dataType: UINT8, dims: [n, blocks, block / 2], rawData: packed });
    inits.push({ name: `${name}_scales`, dataType: FLOAT, dims: [n * blocks], rawData: bytesOf(scales) });
    const attrs = [
      { name: 'K', type: 2, i: k },
      { name: 'N', type: 2, i: n },
      { name: 'bits', type: 2, i: 4 },
      { name: 'block_size', type: 2, i: block },
    ];
    return op('MatMulNBits', [x, `${name}_q4`, `${name}_scales`], attrs, 'com.microsoft');
  };

  let x = half ? op('Cast', ['input'], [{ name: 'to', type: 2, i: FLOAT16 }]) : 'input';
  for (let l = 0; l < layers; l++) {
    const up = op('Add', [matmul(x, `l${l}.up`, hidden, intermediate), floatTensor(`l${l}.up.b`, [intermediate], uniform(intermediate, 0.02))]);
    const down = op('Add', [matmul(op('Relu', [up]), `l${l}.down`, intermediate, hidden), floatTensor(`l${l}.down.b`, [hidden], uniform(hidden, 0.02))]);
    const residual = op('Add', [x, down]);
    x = op('LayerNormalization', [residual, floatTensor(`l${l}.ln.w`, [hidden], uniform(hidden, 0.05, 1)), floatTensor(`l${l}.ln.b`, [hidden], uniform(hidden, 0.02))], [
      { name: 'axis', type: 2, i: -1 },
    ]);
  }
  const logits = op('Add', [matmul(x, 'head', hidden, vocab), floatTensor('head.b', [vocab], uniform(vocab, 0.02))]);
  const toFloat = (v: string) => (half ? op('Cast', [v], [{ name: 'to', type: 2, i: FLOAT }]) : v);
  nodes.push({ name: 'out_h', opType: 'Identity', input: [toFloat(x)], output: ['last_hidden_state'] });
  nodes.push({ name: 'out_l', opType: 'Identity', input: [toFloat(logits)], output: ['logits'] });

  const value = (name: string, dims: number[]) => ({ name, type: { tensorType: { elemType: FLOAT, shape: { dim: dims.map((d) => ({ dimValue: d })) } } } });
  const opsetImport = [{ domain: '', version: 17 }];
  if (dtype === 'q4') opsetImport.push({ domain: 'com.microsoft', version: 1 });
  const bytes = onnx.ModelProto.encode({
    irVersion: 8,
    producerName: 'model-matrix-bench',
    opsetImport,
    graph: {
      name: `tiny-mlp-${dtype}`,
      node: nodes,
      initializer: inits,
      input: [value('input', [1, seq, hidden])],
      output: [value('last_hidden_state', [1, seq, hidden]), value('logits', [1, seq, vocab])],
    },
  }).finish();
  return { bytes, inputDims: [1, seq, hidden] };
}

/** Seeded input of the model: uniform, std 1 (like embeddings after a LayerNorm). */
export function tinyMlpInput(seed: number, dims: number[]): Float32Array {
  const random = mulberry32(seed ^ 0x9e3779b9);
  return Float32Array.from({ length: dims.reduce((a, b) => a * b, 1) }, () => (random() * 2 - 1) * Math.sqrt(3));
}

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function maxAbs(data: Float32Array): number {
  let m = 0;
  for (const v of data) m = Math.max(m, Math.abs(v));
  return m;
}

function bytesOf(data: Float32Array | Int8Array | Uint16Array): Uint8Array {
  return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}

/** IEEE 754 half bits of each float32, round to nearest even. */
function toHalf(data: Float32Array): Uint16Array {
  const f32 = new Float32Array(1);
  const u32 = new Uint32Array(f32.buffer);
  return Uint16Array.from(data, (value) => {
    f32[0] = value;
    const x = u32[0]!;
    const sign = (x >>> 16) & 0x8000;
    const exp = (x >>> 23) & 0xff;
    let mant = x & 0x7fffff;
    if (exp === 0xff) return sign | 0x7c00 | (mant ? 0x200 : 0);
    const e = exp - 127 + 15;
    if (e >= 0x1f) return sign | 0x7c00;
    if (e <= 0) {
      if (e < -10) return sign;
      mant |= 0x800000;
      const shift = 14 - e;
      let half = mant >>> shift;
      const rem = mant & ((1 << shift) - 1);
      const mid = 1 << (shift - 1);
      if (rem > mid || (rem === mid && half & 1)) half += 1;
      return sign | half;
    }
    let half = (e << 10) | (mant >>> 13);
    const rem = mant & 0x1fff;
    if (rem > 0x1000 || (rem === 0x1000 && half & 1)) half += 1;
    return sign | half;
  });
}
