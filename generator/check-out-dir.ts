/**
 * `generate --out DIR`: DIR must be a folder (or not exist yet), never a file or a device such as
 * /dev/null; and files written there import the harness by the path from DIR, not by the
 * `../matrix/harness/index.js` that is right only for a folder directly under the project root.
 */
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { OutDirError } from './errors.js';
import { HARNESS_IMPORT } from './render-context.js';
import type { GeneratedFile } from './render-templates.js';

/** Throws OutDirError (exit 2) when `outDir` is, or lies under, something that is not a folder. */
export function checkOutDir(outDir: string): void {
  let existing = outDir;
  while (!existsSync(existing) && path.dirname(existing) !== existing) existing = path.dirname(existing);
  if (!statSync(existing).isDirectory()) {
    throw new OutDirError(outDir, existing === outDir ? 'is not a folder (it is a file or a device)' : `is under ${existing}, which is a file, not a folder`);
  }
}

/** The harness import as seen from `outDir`, for a project at `rootDir` (HARNESS_IMPORT for `<root>/generated-tests`). */
export function harnessImportFrom(outDir: string, rootDir: string): string {
  const harness = path.join(rootDir, HARNESS_IMPORT.replace(/^\.\.\//, ''));
  const relative = path.relative(outDir, harness).split(path.sep).join('/');
  return relative.startsWith('.') ? relative : `./${relative}`;
}

/** `files` with their harness import rewritten for `outDir` (the files are type-checked as if in generated-tests/). */
export function relocateFiles(files: readonly GeneratedFile[], outDir: string, rootDir: string): GeneratedFile[] {
  const specifier = harnessImportFrom(outDir, rootDir);
  if (specifier === HARNESS_IMPORT) return [...files];
  const from = JSON.stringify(HARNESS_IMPORT);
  return files.map((f) => ({ ...f, text: f.text.split(from).join(JSON.stringify(specifier)) }));
}
