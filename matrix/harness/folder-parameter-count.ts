/**
 * Parameter count of a model folder, read from its fp32 ONNX graphs (`onnx/*.onnx` without a dtype
 * suffix), summed over the sessions. Only done where it is cheap — graphs up to 64 MB in all — and once
 * per folder; `undefined` otherwise (a cell never fails for want of a parameter count).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { countParameters } from './parameter-count.js';

const MAX_BYTES = 64 * 1024 * 1024;
const DTYPE_SUFFIX = /_(fp16|quantized|q4|q4f16|int8|uint8|bnb4)\.onnx$/;
const counted = new Map<string, number | undefined>();

export function folderParameterCount(folder: string): number | undefined {
  if (counted.has(folder)) return counted.get(folder);
  let count: number | undefined;
  try {
    const dir = join(folder, 'onnx');
    const files = readdirSync(dir).filter((f) => f.endsWith('.onnx') && !DTYPE_SUFFIX.test(f)).map((f) => join(dir, f));
    const bytes = files.reduce((a, f) => a + statSync(f).size, 0);
    if (files.length > 0 && bytes <= MAX_BYTES) {
      count = files.reduce((sum, file) => sum + countParameters(readFileSync(file)), 0);
    }
  } catch {
    count = undefined;
  }
  counted.set(folder, count);
  return count;
}
