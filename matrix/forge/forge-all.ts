/**
 * Forges every family of the registry into `<outDir>/<family>/<task>/` and writes
 * `<outDir>/manifest.json`: what was forged (path, dtypes, classes, contract) and what was not, and why.
 */
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { deriveRegistry } from '../../generator/registry.js';
import type { FamilyEntry } from '../../generator/types.js';
import type { Dtype } from '../harness/types.js';
import { forgeFamily, type ForgedModel } from './forge-family.js';
import { json } from './tokenizers/tokenizer-files.js';

export interface ForgeManifest {
  /** Content hash of the forge that built this folder (see forgeHash). */
  forgeHash: string;
  models: Record<string, Record<string, ForgedModel>>;
  /** Families with no forged task, with the reason. */
  notForged: Record<string, string>;
  /** Tasks of forged families that were not forged, with the reason. */
  skippedTasks: Record<string, Record<string, string>>;
}

export interface ForgeAllOptions {
  outDir: string;
  forgeHash?: string;
  /** Families to forge (default: the whole registry). */
  families?: readonly FamilyEntry[];
  dtypes?: readonly Dtype[];
}

export async function forgeAll(options: ForgeAllOptions): Promise<ForgeManifest> {
  const families = options.families ?? (await deriveRegistry());
  const manifest: ForgeManifest = { forgeHash: options.forgeHash ?? 'unhashed', models: {}, notForged: {}, skippedTasks: {} };
  mkdirSync(options.outDir, { recursive: true });
  for (const entry of families) {
    const result = forgeFamily(entry, { outDir: options.outDir, dtypes: options.dtypes });
    if (Object.keys(result.models).length === 0) {
      manifest.notForged[entry.family] = [...new Set(Object.values(result.skipped))].join(' | ') || 'the family lists no task';
      continue;
    }
    manifest.models[entry.family] = result.models;
    if (Object.keys(result.skipped).length > 0) manifest.skippedTasks[entry.family] = result.skipped;
  }
  // manifest.json last and atomically: a folder with a manifest has every model folder it names.
  const manifestPath = join(options.outDir, 'manifest.json');
  writeFileSync(`${manifestPath}.partial-${process.pid}`, json(manifest));
  renameSync(`${manifestPath}.partial-${process.pid}`, manifestPath);
  return manifest;
}
