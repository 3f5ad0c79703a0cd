import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { packageInfo } from '../harness/package-info.js';
import { resolveOrtPackageDir } from '../devices/load-ort.js';

/**
 * What `matrix --version` prints: model-matrix's own version and the versions of the transformers.js
 * and onnxruntime-node it really loads (onnxruntime-node resolved from transformers.js, as it loads it).
 */
export function versionsText(): string {
  const own = ownPackage();
  const transformers = packageInfo('@huggingface/transformers')?.version ?? 'not installed';
  let ort = 'not installed';
  try {
    ort = (JSON.parse(readFileSync(path.join(resolveOrtPackageDir(), 'package.json'), 'utf8')) as { version: string }).version;
  } catch {
    // reported as not installed
  }
  return [`model-matrix ${own.version}`, `@huggingface/transformers ${transformers}`, `onnxruntime-node ${ort}`].join('\n');
}

/** model-matrix's package.json, found by walking up from this module (it also runs from a transpile cache under node_modules). */
function ownPackage(): { version: string } {
  for (let dir = path.dirname(fileURLToPath(import.meta.url)); dir !== path.dirname(dir); dir = path.dirname(dir)) {
    const manifest = path.join(dir, 'package.json');
    if (!existsSync(manifest)) continue;
    const json = JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string; version?: string };
    if (json.name === 'model-matrix') return { version: json.version ?? 'unknown' };
  }
  return { version: 'unknown' };
}
