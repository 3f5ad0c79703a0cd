/**
 * Parameter count read from a model folder's fp32 ONNX graphs: the elements of every floating-point
 * initializer, summed over the base graphs (`onnx/*.onnx` without a dtype suffix). Only done where it
 * is cheap — graphs up to 64 MB in all — and once per folder; `undefined` otherwise.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import onnxProto from 'onnx-proto';

const { onnx } = onnxProto;
const FLOAT_TYPES = new Set([1, 10, 11, 16]); // FLOAT, FLOAT16, DOUBLE, BFLOAT16
const MAX_BYTES = 64 * 1024 * 1024;
const DTYPE_SUFFIX = /_(fp16|quantized|q4|q4f16|int8|uint8|bnb4)\.onnx$/;
const counted = new Map<string, number | undefined>();

export function parameterCount(folder: string): number | undefined {
  if (counted.has(folder)) return counted.get(folder);
  let count: number | undefined;
  try {
    const dir = join(folder, 'onnx');
    const files = readdirSync(dir).filter((f) => f.endsWith('.onnx') && !DTYPE_SUFFIX.test(f)).map((f) => join(dir, f));
    const bytes = files.reduce((a, f) => a + statSync(f).size, 0);
    if (files.length > 0 && bytes <= MAX_BYTES) {
      count = 0;
      for (const file of files) {
        const model = onnx.ModelProto.decode(readFileSync(file));
        for (const t of model.graph?.initializer ?? []) {
          if (FLOAT_TYPES.has(t.dataType ?? 0)) count += (t.dims ?? []).reduce<number>((a, d) => a * Number(d), 1);
        }
      }
    }
  } catch {
    count = undefined;
  }
  counted.set(folder, count);
  return count;
}
