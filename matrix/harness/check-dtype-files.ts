/**
 * Before loading, checks that a model folder ships the ONNX files of a dtype (transformers.js names
 * them by suffix: `model.onnx`, `model_fp16.onnx`, `model_quantized.onnx`, `model_q4.onnx`). A missing
 * variant makes the cell `unsupported` with the file named, instead of a confusing load failure.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { UnsupportedError } from './errors.js';
import type { Dtype } from './types.js';

/** File-name suffix transformers.js 4.x uses for each dtype. */
export const DTYPE_SUFFIX: Readonly<Record<Dtype, string>> = Object.freeze({ fp32: '', fp16: '_fp16', q8: '_quantized', q4: '_q4' });

const ANY_SUFFIX = /_(fp16|quantized|q4|q4f16|int8|uint8|bnb4)\.onnx$/;

/**
 * Throws UnsupportedError when `dtype` is not among `declared` (when the source declares dtypes) or when
 * a base graph in `<folder>/onnx` has no file for `dtype`. A folder without an `onnx/` folder passes
 * (the loader reports what is missing).
 */
export function checkDtypeFiles(folder: string, dtype: Dtype, declared: readonly Dtype[] | null): void {
  if (declared && !declared.includes(dtype)) {
    throw new UnsupportedError(`model ships no ${dtype} variant (it has ${declared.join(', ') || 'none'})`);
  }
  let files: string[];
  try {
    files = readdirSync(join(folder, 'onnx')).filter((f) => f.endsWith('.onnx'));
  } catch {
    return;
  }
  const bases = files.filter((f) => !ANY_SUFFIX.test(f)).map((f) => f.slice(0, -'.onnx'.length));
  const missing = bases.map((b) => `${b}${DTYPE_SUFFIX[dtype]}.onnx`).filter((f) => !files.includes(f));
  if (missing.length > 0) {
    throw new UnsupportedError(`no ${dtype} graph: onnx/${missing.join(', onnx/')} missing`);
  }
}
