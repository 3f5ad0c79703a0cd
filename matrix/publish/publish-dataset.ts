/**
 * `matrix publish`: one atomic commit of the whole dataset (per-config files of what was measured here, the
 * history Parquet merged with the dataset's own, format.json, the card), guarded by `parentCommit`; a 412
 * re-reads the head, re-merges and retries. Local data is only read, never changed.
 */
import { mkdtempSync, openAsBlob, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CommitOperation } from '@huggingface/hub';
import { withStore } from '../store/index.js';
import { buildDatasetFiles, FORMAT_VERSION, type DatasetFile } from './build-dataset-files.js';
import { commitWithRetry } from './commit-with-retry.js';
import { FORMAT_PATH, HISTORY_PATH } from './dataset-card.js';
import { downloadToFile } from './download-to-file.js';
import { ensureDatasetRepo } from './ensure-dataset-repo.js';
import { PullFormatError } from './errors.js';
import type { HubTarget } from './hub-target.js';
import { normalizeMachineLabel } from './machine-label.js';

/** What a publish did. */
export interface PublishOutcome {
  commitOid: string;
  title: string;
  /** Paths committed. */
  files: string[];
  /** Commits it took (1 + the 412s). */
  attempts: number;
  createdRepo: boolean;
}

/** Publishes the store at `dbPath` to `target.repo`. */
export async function publishDataset(target: HubTarget & { token: string }, options: { dbPath: string; machine: string }): Promise<PublishOutcome> {
  const machine = normalizeMachineLabel(options.machine);
  const createdRepo = await ensureDatasetRepo(target);
  const work = mkdtempSync(join(tmpdir(), 'matrix-publish-'));
  try {
    let title = '';
    let paths: string[] = [];
    const outcome = await commitWithRetry(target, async (head, attempt) => {
      const remote = join(work, `remote-${attempt}.parquet`);
      const hasRemote = await downloadToFile(target, HISTORY_PATH, head, remote);
      if (hasRemote) await checkRemoteFormat(target, head, work);
      const built = await withStore({ path: options.dbPath, readOnly: true }, (store) =>
        buildDatasetFiles(store.connection, { repo: target.repo, machine, workDir: work, ...(hasRemote ? { remoteParquet: remote } : {}) }),
      );
      if (hasRemote) rmSync(remote, { force: true });
      title = built.title;
      paths = built.files.map((f) => f.path);
      return { title: built.title, description: built.description, operations: await Promise.all(built.files.map(toOperation)) };
    });
    return { commitOid: outcome.commitOid, title, files: paths, attempts: outcome.attempts, createdRepo };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

async function toOperation(file: DatasetFile): Promise<CommitOperation> {
  const content = 'text' in file ? new Blob([file.text]) : await openAsBlob(file.file);
  return { operation: 'addOrUpdate', path: file.path, content };
}

/** Refuses to merge into a dataset written in a newer layout than this program writes. */
async function checkRemoteFormat(target: HubTarget, head: string, work: string): Promise<void> {
  const local = join(work, 'remote-format.json');
  if (!(await downloadToFile(target, FORMAT_PATH, head, local))) return;
  const format = JSON.parse(readFileSync(local, 'utf8')) as { formatVersion?: number };
  if (typeof format.formatVersion === 'number' && format.formatVersion > FORMAT_VERSION) {
    throw new PullFormatError(`datasets/${target.repo}`, `its format version ${format.formatVersion} is newer than this program's (${FORMAT_VERSION})`);
  }
}
