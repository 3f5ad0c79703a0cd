/**
 * The fallback that keeps cells when the database cannot take them now (locked past the wait
 * budget, interrupted process, damaged file): one JSON file per run in `pending/` next to the
 * database. Files appear atomically (written aside, then hard-linked in; never half-written) and
 * are imported — each in its own transaction, then deleted — by the next process that writes
 * the database.
 */
import { existsSync, linkSync, mkdirSync, readdirSync, readFileSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import type { RunRecord } from './run-record.js';
import { writeRun, type WriteRunSummary } from './write-run.js';

const FORMAT = 'model-matrix-pending-run';

/** The folder holding pending runs of the database at `dbPath`. */
export function pendingDir(dbPath: string): string {
  return join(dirname(dbPath), 'pending');
}

/** Saves `record` as `pending/<run_id>.json` (or `<run_id>.2.json`, … when taken). Synchronous, so it also works in a signal handler. */
export function savePending(dbPath: string, record: RunRecord): string {
  const dir = pendingDir(dbPath);
  mkdirSync(dir, { recursive: true });
  const stem = record.run.runId.replace(/[^A-Za-z0-9._=-]/g, '_').replace(/^\.+/, '_') || 'run';
  const aside = join(dir, `.${stem}.${process.pid}.${Date.now()}.tmp`);
  writeFileSync(aside, JSON.stringify({ format: FORMAT, version: 1, record }));
  try {
    for (let n = 1; ; n++) {
      const target = join(dir, n === 1 ? `${stem}.json` : `${stem}.${n}.json`);
      try {
        linkSync(aside, target);
        return target;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      }
    }
  } finally {
    unlinkSync(aside);
  }
}

/** Pending run files of the database at `dbPath`, oldest first. */
export function listPending(dbPath: string): string[] {
  const dir = pendingDir(dbPath);
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((name) => name.endsWith('.json') && !name.startsWith('.'))
    .map((name) => join(dir, name))
    .sort((a, b) => statSync(a).mtimeMs - statSync(b).mtimeMs || a.localeCompare(b));
}

/** Outcome of importing pending files. */
export interface ImportPendingSummary {
  imported: WriteRunSummary[];
  /** Files that could not be read as pending runs, renamed to `*.invalid` (kept, never deleted). */
  rejected: Array<{ file: string; reason: string }>;
}

/**
 * Imports every pending run of `dbPath` through `connection` (which must hold that database),
 * one transaction per file; a file is deleted only after its transaction committed.
 */
export async function importPending(connection: DuckDBConnection, dbPath: string): Promise<ImportPendingSummary> {
  const summary: ImportPendingSummary = { imported: [], rejected: [] };
  for (const file of listPending(dbPath)) {
    let record: RunRecord;
    try {
      const parsed = JSON.parse(readFileSync(file, 'utf8')) as { format?: unknown; record?: RunRecord };
      if (parsed.format !== FORMAT || typeof parsed.record !== 'object') throw new Error(`not a ${FORMAT} file`);
      record = parsed.record;
    } catch (error) {
      summary.rejected.push({ file: rejectFile(file), reason: error instanceof Error ? error.message : String(error) });
      continue;
    }
    try {
      summary.imported.push(await writeRun(connection, record));
    } catch (error) {
      // A record the store refuses (bad cell, bad run) would be refused forever: set it aside, keep it.
      if (error instanceof Error && 'code' in error && String(error.code).startsWith('STORE_INVALID')) {
        summary.rejected.push({ file: rejectFile(file), reason: error.message });
        continue;
      }
      throw error;
    }
    unlinkSync(file);
  }
  return summary;
}

function rejectFile(file: string): string {
  const target = `${file}.invalid`;
  renameSync(file, target);
  return target;
}
