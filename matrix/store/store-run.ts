/**
 * The whole write of one run, as the reporter and `matrix run` use it: open the database
 * (waiting while another process holds it), import runs left pending earlier, write this run
 * in one transaction, close. When the database cannot take the run, the run is saved to
 * `pending/` first and the error says where — nothing is lost.
 */
import { StoreBusyError } from './errors.js';
import { openStore, type OpenStoreOptions } from './open-store.js';
import { importPending, pendingDir, savePending, type ImportPendingSummary } from './pending.js';
import { resolveDbPath } from './resolve-db-path.js';
import type { RunRecord } from './run-record.js';
import { writeRun, type WriteRunSummary } from './write-run.js';

/** What `storeRun` did. */
export interface StoreRunOutcome {
  dbPath: string;
  summary: WriteRunSummary;
  pending: ImportPendingSummary;
}

/** Stores `record` (see the file comment). Throws StoreBusyError, with the pending file named, when it gives up. */
export async function storeRun(record: RunRecord, options: OpenStoreOptions & { log?: (line: string) => void } = {}): Promise<StoreRunOutcome> {
  const dbPath = resolveDbPath(options.path, options.env);
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  let store;
  try {
    store = await openStore({ ...options, path: dbPath, readOnly: false, onWait: options.onWait ?? log });
  } catch (error) {
    const savedTo = keep(dbPath, record, log);
    if (error instanceof StoreBusyError) throw new StoreBusyError(error.dbPath, error.waitedMs, error.holder, savedTo, error);
    throw error;
  }
  try {
    const pending = await importPending(store.connection, dbPath);
    for (const r of pending.rejected) log(`matrix: pending file ${r.file} set aside: ${r.reason}`);
    let summary: WriteRunSummary;
    try {
      summary = await writeRun(store.connection, record);
    } catch (error) {
      keep(dbPath, record, log);
      throw error;
    }
    return { dbPath, summary, pending };
  } finally {
    store.close();
  }
}

function keep(dbPath: string, record: RunRecord, log: (line: string) => void): string | null {
  try {
    const savedTo = savePending(dbPath, record);
    log(`matrix: the run's ${record.cells.length} cells were saved to ${savedTo}`);
    return savedTo;
  } catch (error) {
    log(`matrix: could not save the run's cells to ${pendingDir(dbPath)} either: ${error instanceof Error ? error.message : String(error)}`);
    return null;
  }
}

/** Opens the database and imports its pending runs (`matrix run` does this too, on every write). */
export async function importPendingRuns(options: OpenStoreOptions = {}): Promise<ImportPendingSummary> {
  const dbPath = resolveDbPath(options.path, options.env);
  const store = await openStore({ ...options, path: dbPath, readOnly: false });
  try {
    return await importPending(store.connection, dbPath);
  } finally {
    store.close();
  }
}
