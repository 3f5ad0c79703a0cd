/** Compares what the generator would write with what is in the output folder (for `--check`). */
import path from 'node:path';
import type { GeneratedFile } from './render-templates.js';
import { readIfExists, testFilesIn } from './write-generated.js';

/** File names (inside the output folder) that differ, are missing, or have no family. */
export interface GeneratedDrift {
  drifted: string[];
  missing: string[];
  extra: string[];
}

/**
 * Diffs `files` against `outDir`. `extra` is filled only with `complete` (a run of all
 * families): then every other `*.test.ts` in the folder is one no family produces.
 */
export async function diffGenerated(
  files: readonly GeneratedFile[],
  outDir: string,
  options: { complete?: boolean } = {},
): Promise<GeneratedDrift> {
  const drift: GeneratedDrift = { drifted: [], missing: [], extra: [] };
  for (const file of files) {
    const current = await readIfExists(path.join(outDir, file.fileName));
    if (current === undefined) drift.missing.push(file.fileName);
    else if (current !== file.text) drift.drifted.push(file.fileName);
  }
  if (options.complete) {
    const expected = new Set(files.map((f) => f.fileName));
    drift.extra = (await testFilesIn(outDir)).filter((name) => !expected.has(name));
  }
  return drift;
}
