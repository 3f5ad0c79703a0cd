/**
 * `matrix publish --dry-run --out DIR`: writes exactly the files a publish would commit into an empty
 * dataset (no network: the dataset's current Parquet is not merged), at their repo paths under DIR.
 */
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { withStore } from '../store/index.js';
import { buildDatasetFiles } from './build-dataset-files.js';
import { normalizeMachineLabel } from './machine-label.js';

/** Writes the files under `out`; returns their repo paths (sorted) and the commit message. */
export async function dryRunDataset(options: { dbPath: string; repo: string; machine: string; out: string }): Promise<{ files: string[]; title: string }> {
  const work = mkdtempSync(join(tmpdir(), 'matrix-publish-dry-'));
  try {
    const built = await withStore({ path: options.dbPath, readOnly: true }, (store) =>
      buildDatasetFiles(store.connection, { repo: options.repo, machine: normalizeMachineLabel(options.machine), workDir: work }),
    );
    const root = resolve(options.out);
    for (const file of built.files) {
      const to = join(root, ...file.path.split('/'));
      mkdirSync(dirname(to), { recursive: true });
      if ('text' in file) writeFileSync(to, file.text);
      else copyFileSync(file.file, to);
    }
    return { files: built.files.map((f) => f.path).sort(), title: built.title };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
