/**
 * Writes the per-configuration JSON files of some cells in one commit: what the benchmark server does
 * after each job and the nightly job after each run. A file that another publisher rewrote with a newer
 * result between our read of the head and our commit (the 412 path) keeps the newer result.
 */
import type { CellResult, RunInfo } from '../harness/types.js';
import { resultKey } from '../store/index.js';
import { pathsInfo, downloadFile } from '@huggingface/hub';
import { commitWithRetry } from './commit-with-retry.js';
import { configPath } from './config-path.js';
import { ensureDatasetRepo } from './ensure-dataset-repo.js';
import { clientParams, encodePath, type HubTarget } from './hub-target.js';
import { hubFailure } from './hub-failure.js';
import { deriveMachineLabel, normalizeMachineLabel } from './machine-label.js';
import { readConfigStamp, toConfigFile } from './wire-config-file.js';

/** What to upload: cells of one run, the commit message, and the machine label (default: the run's, or derived). */
export interface UploadCellsInput {
  run: RunInfo;
  cells: CellResult[];
  message: string;
  machine?: string;
}

/** Commits the cells' per-config files; returns the commit and the paths written (newest result kept per path). */
export async function uploadCells(target: HubTarget & { token: string }, input: UploadCellsInput): Promise<{ commitOid: string; files: string[] }> {
  const machine = normalizeMachineLabel(input.machine ?? input.run.machine ?? deriveMachineLabel());
  const docs = new Map<string, string>();
  for (const cell of input.cells) {
    const key = resultKey(cell.key);
    docs.set(configPath(key, machine), `${JSON.stringify(toConfigFile(input.run, cell, machine, key))}\n`);
  }
  await ensureDatasetRepo(target);
  let seen = new Map<string, string>();
  let written: string[] = [];
  const outcome = await commitWithRetry(target, async (head, attempt) => {
    const now = await remoteOids(target, [...docs.keys()], head);
    const changed = attempt === 1 ? [] : [...now].filter(([path, oid]) => seen.get(path) !== oid).map(([path]) => path);
    seen = now;
    const keepRemote = new Set<string>();
    for (const path of changed) {
      const remote = await readText(target, path, head);
      const theirs = remote === undefined ? undefined : readConfigStamp(remote);
      const ours = readConfigStamp(docs.get(path)!)!;
      if (theirs && theirs.timestamp > ours.timestamp) keepRemote.add(path);
    }
    written = [...docs.keys()].filter((p) => !keepRemote.has(p)).sort();
    return {
      title: input.message,
      description: `${written.length} configuration file(s) from run ${input.run.runId} on ${machine}.`,
      operations: written.map((path) => ({ operation: 'addOrUpdate' as const, path, content: new Blob([docs.get(path)!], { type: 'application/json' }) })),
    };
  });
  return { commitOid: outcome.commitOid, files: outcome.committed ? written : [] };
}

/** path → blob oid of those of `paths` that exist at `revision`. */
async function remoteOids(target: HubTarget, paths: string[], revision: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  try {
    for (let i = 0; i < paths.length; i += 500) {
      for (const info of await pathsInfo({ ...clientParams(target), paths: paths.slice(i, i + 500), revision })) out.set(info.path, info.oid ?? '');
    }
  } catch (error) {
    throw hubFailure(error, target, 'Listing files of');
  }
  return out;
}

/** A file's text at `revision`, or undefined when it does not exist. */
export async function readText(target: HubTarget, path: string, revision: string): Promise<string | undefined> {
  try {
    const blob = await downloadFile({ ...clientParams(target), path: encodePath(path), revision, xet: false });
    return blob ? await blob.text() : undefined;
  } catch (error) {
    throw hubFailure(error, target, `Reading ${path} of`);
  }
}
