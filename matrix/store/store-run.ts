/**
 * The whole write of one run, as the reporter and `matrix run` use it: open the database
 * (waiting while another process holds it), import runs left pending earlier, write this run
 * in one transaction, close. When the database cannot take the run, the run is saved to its
 * `pending/` folder (else the system temp folder) first and the error says where — nothing is lost.
 */
import { StoreBusyError, StoreWriteError } from './errors.js';
import { openStore, type OpenStoreOptions } from './open-store.js';
import { importPending, keepPending, type ImportPendingSummary } from './pending.js';
import { resolveDbPath } from './resolve-db-path.js';
import type { RunRecord } from './run-record.js';
import { writeRun, type WriteRunSummary } from './write-run.js';

/** What `storeRun` did. */
export interface StoreRunOutcome {
  dbPath: string;
  summary: WriteRunSummary;
  pending: ImportPendingSummary;
}

/**
 * Stores `record` (see the file comment). When it gives up it throws StoreBusyError (locked) or
 * StoreWriteError (anything else, the first error as the cause), each naming where the cells are now.
 */
export async function storeRun(record: RunRecord, options: OpenStoreOptions & { log?: (line: string) => void } = {}): Promise<StoreRunOutcome> {
  const dbPath = resolveDbPath(options.path, options.env);
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  let store;
  try {
    store = await openStore({ ...options, path: dbPath, readOnly: false, onWait: options.onWait ?? log });
  } catch (error) {
    const savedTo = keep(dbPath, record, log);
    if (error instanceof StoreBusyError) throw new StoreBusyError(error.dbPath, error.waitedMs, error.holder, savedTo, error);
    throw new StoreWriteError(dbPath, record.run.runId, record.cells.length, savedTo, error);
  }
  let outcome: StoreRunOutcome | undefined;
  let failure: unknown;
  try {
    const pending = await importPending(store.connection, dbPath);
    for (const r of pending.rejected) log(`matrix: pending file ${r.file} set aside: ${r.reason}`);
    outcome = { dbPath, summary: await writeRun(store.connection, record), pending };
  } catch (error) {
    failure = error;
  }
  try {
    // Closing checkpoints the WAL into the file, which can fail too (a full disk): that is a failed write.
    store.close();
  } catch (error) {
    failure ??= error;
  }
  if (outcome && failure === undefined) return outcome;
  throw new StoreWriteError(dbPath, record.run.runId, record.cells.length, keep(dbPath, record, log), failure);
}

function keep(dbPath: string, record: RunRecord, log: (line: string) => void): string | null {
  try {
    const kept = keepPending(dbPath, record);
    if (kept.fallbackReason) log(`matrix: could not save the run's cells next to the database (${kept.fallbackReason}); saved them to the system temp folder instead`);
    log(`matrix: the run's ${record.cells.length} cells were saved to ${kept.file}`);
    return kept.file;
  } catch (error) {
    log(`matrix: could not save the run's ${record.cells.length} cells to any pending folder: ${error instanceof Error ? error.message : String(error)}`);
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
