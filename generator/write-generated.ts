/**
 * Writes a checked batch of generated files: each to a temp file first, then all renamed
 * into place, so a failure leaves the previous files intact. Unchanged files are not touched.
 */
import { mkdir, readFile, readdir, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { GENERATED_PREFIX } from './render-header.js';
import type { GeneratedFile } from './render-templates.js';

/** What a write did, by file name. */
export interface WriteOutcome {
  written: string[];
  unchanged: string[];
  /** Stale generated files (a family that no longer exists) removed when `prune` was set. */
  removed: string[];
}

/**
 * Writes `files` into `outDir`. With `prune`, also removes `*.test.ts` files there that carry the
 * generated header but belong to no family of this batch (only pass it for a run of all families).
 */
export async function writeGenerated(
  files: readonly GeneratedFile[],
  outDir: string,
  options: { prune?: boolean } = {},
): Promise<WriteOutcome> {
  await mkdir(outDir, { recursive: true });
  const outcome: WriteOutcome = { written: [], unchanged: [], removed: [] };
  const pending: { temp: string; target: string; fileName: string }[] = [];
  try {
    for (const file of files) {
      const target = path.join(outDir, file.fileName);
      if ((await readIfExists(target)) === file.text) {
        outcome.unchanged.push(file.fileName);
        continue;
      }
      const temp = path.join(outDir, `.${file.fileName}.${process.pid}.tmp`);
      await writeFile(temp, file.text, 'utf8');
      pending.push({ temp, target, fileName: file.fileName });
    }
  } catch (error) {
    await Promise.all(pending.map((p) => rm(p.temp, { force: true })));
    throw error;
  }
  for (const p of pending) {
    await rename(p.temp, p.target);
    outcome.written.push(p.fileName);
  }
  if (options.prune) {
    const keep = new Set(files.map((f) => f.fileName));
    for (const name of await generatedFilesIn(outDir)) {
      if (!keep.has(name)) {
        await rm(path.join(outDir, name));
        outcome.removed.push(name);
      }
    }
  }
  return outcome;
}

/** `*.test.ts` files in `dir` that start with the generated header. */
export async function generatedFilesIn(dir: string): Promise<string[]> {
  const names = await testFilesIn(dir);
  const generated: string[] = [];
  for (const name of names) {
    if ((await readIfExists(path.join(dir, name)))?.startsWith(GENERATED_PREFIX)) generated.push(name);
  }
  return generated;
}

/** All `*.test.ts` file names in `dir` (none when it does not exist). */
export async function testFilesIn(dir: string): Promise<string[]> {
  try {
    return (await readdir(dir)).filter((name) => name.endsWith('.test.ts')).sort();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
}

/** File content, or undefined when the file does not exist. */
export async function readIfExists(file: string): Promise<string | undefined> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}
