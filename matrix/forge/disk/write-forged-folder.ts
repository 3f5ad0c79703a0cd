/**
 * Writes a ForgedFolder to disk. Every ForgeGraph entry (`onnx/<name>.onnx`) is written in each
 * requested dtype with transformers.js's suffixes (`<name>.onnx`, `<name>_fp16.onnx`,
 * `<name>_quantized.onnx`, `<name>_q4.onnx`).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Dtype } from '../../harness/types.js';
import { deriveVariant, variantPath } from '../onnx/dtype-variants.js';
import { isForgeGraph, type ForgedFolder } from '../contracts/forged-folder.js';
import { encodeModel } from '../onnx/encode-model.js';

export function writeForgedFolder(dir: string, folder: ForgedFolder, dtypes: readonly Dtype[]): void {
  for (const [relPath, file] of Object.entries(folder).sort(([a], [b]) => a.localeCompare(b))) {
    if (isForgeGraph(file)) {
      for (const dtype of dtypes) write(join(dir, variantPath(relPath, dtype)), encodeModel(deriveVariant(file, dtype)));
    } else {
      write(join(dir, relPath), file);
    }
  }
}

function write(path: string, data: Uint8Array | string): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, data);
}
