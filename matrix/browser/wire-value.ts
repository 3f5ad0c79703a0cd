/**
 * The wire format between node and the page (the page side is page/cell-runner.js): tensors travel as
 * `{$t: type, dims, b64}` (their bytes in base64; string tensors as `{$t: 'string', dims, strings}`),
 * models loaded in the page as `{$m: id}`, bigints as `{$b: decimal}`; arrays and plain objects are walked,
 * functions and undefined are dropped. Only this file and the runner touch raw wire values.
 */
import { Tensor } from '@huggingface/transformers';

/** A value as it crosses the page boundary (JSON-compatible). */
export type WireValue = null | boolean | number | string | WireValue[] | { [key: string]: WireValue };

/** Something that stands for a model loaded in the page (encoded as its handle). */
export interface PageHandle {
  readonly pageId: number;
}

const ARRAYS = {
  float32: Float32Array,
  float64: Float64Array,
  float16: Uint16Array,
  int8: Int8Array,
  uint8: Uint8Array,
  int16: Int16Array,
  uint16: Uint16Array,
  int32: Int32Array,
  uint32: Uint32Array,
  int64: BigInt64Array,
  uint64: BigUint64Array,
  bool: Uint8Array,
} as const;

const MAX_DEPTH = 8;

/** Encodes a node value for the page; `isHandle` recognises models that live in the page. */
export function encodeValue(value: unknown, isHandle: (v: object) => v is PageHandle, depth = 0): WireValue {
  if (value === null || value === undefined || depth > MAX_DEPTH) return null;
  if (typeof value === 'bigint') return { $b: value.toString() };
  if (typeof value === 'function' || typeof value === 'symbol') return null;
  if (typeof value !== 'object') return value as boolean | number | string;
  if (value instanceof Tensor) {
    if (value.type === 'string') return { $t: 'string', dims: [...value.dims], strings: Array.from(value.data as unknown as string[]) };
    const data = value.data as ArrayBufferView;
    return { $t: value.type, dims: [...value.dims], b64: Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString('base64') };
  }
  if (isHandle(value)) return { $m: value.pageId };
  if (ArrayBuffer.isView(value)) return Array.from(value as unknown as ArrayLike<number | bigint>, (v) => encodeValue(v, isHandle, depth + 1));
  if (Array.isArray(value)) return value.map((v) => encodeValue(v, isHandle, depth + 1));
  const out: Record<string, WireValue> = {};
  for (const [k, v] of Object.entries(value)) {
    if (v === undefined || typeof v === 'function') continue;
    out[k] = encodeValue(v, isHandle, depth + 1);
  }
  return out;
}

/** Decodes a page value into node tensors and plain values; model handles become `{$m: id}` objects. */
export function decodeValue(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map(decodeValue);
  const record = value as Record<string, unknown>;
  if (typeof record.$b === 'string') return BigInt(record.$b);
  if (typeof record.$t === 'string') return decodeTensor(record);
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(record)) out[k] = decodeValue(v);
  return out;
}

function decodeTensor(record: Record<string, unknown>): Tensor {
  const type = record.$t as string;
  const dims = record.dims as number[];
  if (type === 'string') return new Tensor('string', record.strings as string[], dims);
  const Ctor = ARRAYS[type as keyof typeof ARRAYS];
  if (!Ctor) throw new TypeError(`tensor type ${JSON.stringify(type)} from the page has no typed array; known: ${Object.keys(ARRAYS).join(', ')}`);
  const bytes = Buffer.from(record.b64 as string, 'base64');
  // Copy into a fresh, aligned buffer: Buffer pools are not aligned for 8-byte element types.
  const copy = new Uint8Array(bytes.byteLength);
  copy.set(bytes);
  const data = new Ctor(copy.buffer, 0, copy.byteLength / Ctor.BYTES_PER_ELEMENT);
  return new Tensor(type as 'float32', data as unknown as Float32Array, dims);
}
