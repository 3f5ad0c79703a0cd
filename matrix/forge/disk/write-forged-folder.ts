/**
 * Writes a ForgedFolder to disk, atomically (disk/write-folder-atomically.ts: the folder appears complete
 * or not at all). Every ForgeGraph entry (`onnx/<name>.onnx`) is written in each requested dtype with
 * transformers.js's suffixes (`<name>.onnx`, `<name>_fp16.onnx`, `<name>_quantized.onnx`, `<name>_q4.onnx`).
 * A graph whose fp32 weights reach `externalDataMinBytes` is written, in every dtype, as ONNX external
 * data (`<file>.onnx` + `<file>.onnx_data`), and config.json says so under
 * `transformers.js_config.use_external_data_format` (file name → 1 chunk): the key transformers.js 4.3.1
 * reads in `models/session.js` → `utils/model-loader.js` `getModelDataFiles` to fetch `<file>.onnx_data`.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { Dtype } from '../../harness/types.js';
import { deriveVariant, variantPath } from '../onnx/dtype-variants.js';
import { isForgeGraph, type ForgedFolder } from '../contracts/forged-folder.js';
import { encodeModel } from '../onnx/encode-model.js';
import type { ForgeGraph } from '../onnx/forge-graph.js';
import { json } from '../tokenizers/tokenizer-files.js';
import { tensorBytes, writeExternalDataModel } from './write-external-data-model.js';
import { writeFolderAtomically } from './write-folder-atomically.js';

/** fp32 weight bytes from which a graph is written with external data (protobuf's limit is 2 GiB). */
export const EXTERNAL_DATA_MIN_BYTES = 1024 ** 3;

export interface WriteForgedFolderOptions {
  /** Override of EXTERNAL_DATA_MIN_BYTES (tests force external data on a tiny model with 0). */
  externalDataMinBytes?: number;
}

export function writeForgedFolder(dir: string, folder: ForgedFolder, dtypes: readonly Dtype[], options: WriteForgedFolderOptions = {}): void {
  const minBytes = options.externalDataMinBytes ?? EXTERNAL_DATA_MIN_BYTES;
  const entries = Object.entries(folder).sort(([a], [b]) => a.localeCompare(b));
  const external = new Set(entries.filter(([, file]) => isForgeGraph(file) && weightBytes(file) >= minBytes).map(([path]) => path));
  writeFolderAtomically(dir, (tmp) => {
    for (const [relPath, file] of entries) {
      if (isForgeGraph(file)) {
        for (const dtype of dtypes) {
          const path = join(tmp, variantPath(relPath, dtype));
          mkdirSync(dirname(path), { recursive: true });
          if (external.has(relPath)) writeExternalDataModel(path, deriveVariant(file, dtype));
          else writeFileSync(path, encodeModel(deriveVariant(file, dtype)));
        }
      } else {
        const text = relPath === 'config.json' && external.size > 0 && typeof file === 'string' ? withExternalData(file, external, dtypes) : file;
        mkdirSync(dirname(join(tmp, relPath)), { recursive: true });
        writeFileSync(join(tmp, relPath), text);
      }
    }
  });
}

function weightBytes(graph: ForgeGraph): number {
  return graph.initializers.reduce((sum, t) => sum + tensorBytes(t), 0);
}

/** config.json with `transformers.js_config.use_external_data_format` naming every external file. */
function withExternalData(configText: string, external: ReadonlySet<string>, dtypes: readonly Dtype[]): string {
  const config = JSON.parse(configText) as Record<string, unknown>;
  const tjs = { ...((config['transformers.js_config'] as Record<string, unknown> | undefined) ?? {}) };
  const format = { ...((tjs.use_external_data_format as Record<string, number> | undefined) ?? {}) };
  for (const relPath of external) for (const dtype of dtypes) format[basename(variantPath(relPath, dtype))] = 1;
  tjs.use_external_data_format = format;
  return json({ ...config, 'transformers.js_config': tjs });
}
