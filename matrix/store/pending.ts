/**
 * The fallback that keeps cells when the database cannot take them now (locked past the wait
 * budget, interrupted process, damaged file, full disk, read-only folder): one JSON file per run, in a
 * folder of that database's own — `pending/<file name>-<hash of its absolute path>/` next to it, or, when
 * that folder cannot be written, the same name under `model-matrix-pending/` in the system temp folder.
 * Each file also names its database; a run is imported only into the database it belongs to — each in its
 * own transaction, then deleted — by the next process that writes that database. Files appear atomically
 * (written aside, then hard-linked in; never half-written, and the aside file is removed when the write fails).
 */
import { createHash } from 'node:crypto';
import { existsSync, linkSync, mkdirSync, readdirSync, readFileSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import type { RunRecord } from './run-record.js';
import { writeRun, type WriteRunSummary } from './write-run.js';

const FORMAT = 'model-matrix-pending-run';

/** `<file name>-<12 hex of sha256(absolute path)>`: one folder name per database. */
function pendingKey(dbPath: string): string {
  const abs = resolve(dbPath);
  const name = basename(abs).replace(/[^A-Za-z0-9._=-]/g, '_').replace(/^\.+/, '_') || 'db';
  return `${name}-${createHash('sha256').update(abs).digest('hex').slice(0, 12)}`;
}

/** The folder holding pending runs of the database at `dbPath`, next to it. */
export function pendingDir(dbPath: string): string {
  return join(dirname(resolve(dbPath)), 'pending', pendingKey(dbPath));
}

/** Where pending runs of `dbPath` go when its own folder cannot be written: under the system temp folder. */
export function fallbackPendingDir(dbPath: string, tmp = tmpdir()): string {
  return join(tmp, 'model-matrix-pending', pendingKey(dbPath));
}

/**
 * Saves `record` as `<dir>/<run_id>.json` (or `<run_id>.2.json`, … when taken), `dir` defaulting to
 * `pendingDir(dbPath)`. Synchronous, so it also works in a signal handler. Throws when the folder
 * cannot be written, leaving no file behind.
 */
export function savePending(dbPath: string, record: RunRecord, dir = pendingDir(dbPath)): string {
  mkdirSync(dir, { recursive: true });
  const stem = record.run.runId.replace(/[^A-Za-z0-9._=-]/g, '_').replace(/^\.+/, '_') || 'run';
  const aside = join(dir, `.${stem}.${process.pid}.${Date.now()}.tmp`);
  try {
    writeFileSync(aside, JSON.stringify({ format: FORMAT, version: 2, dbPath: resolve(dbPath), record }));
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
    try {
      unlinkSync(aside);
    } catch {
      // never created (the folder refused it)
    }
  }
}

/** Where `keepPending` put a run, and why not in the database's own folder when it fell back. */
export interface KeptRun {
  file: string;
  /** Set when the database's own `pending/` could not be written and the temp folder was used. */
  fallbackReason?: string;
}

/**
 * Saves `record` next to its database, else in the system temp folder; throws (naming both reasons)
 * only when neither can be written.
 */
export function keepPending(dbPath: string, record: RunRecord, tmp = tmpdir()): KeptRun {
  try {
    return { file: savePending(dbPath, record) };
  } catch (first) {
    const reason = first instanceof Error ? first.message : String(first);
    try {
      return { file: savePending(dbPath, record, fallbackPendingDir(dbPath, tmp)), fallbackReason: reason };
    } catch (second) {
      throw new Error(`${pendingDir(dbPath)}: ${reason}; ${fallbackPendingDir(dbPath, tmp)}: ${second instanceof Error ? second.message : String(second)}`, {
        cause: second,
      });
    }
  }
}

/** Pending run files of the database at `dbPath` (its own folder, then the temp fallback), oldest first. */
export function listPending(dbPath: string, tmp = tmpdir()): string[] {
  const files: string[] = [];
  for (const dir of [pendingDir(dbPath), fallbackPendingDir(dbPath, tmp)]) {
    if (!existsSync(dir)) continue;
    for (const name of readdirSync(dir)) if (name.endsWith('.json') && !name.startsWith('.')) files.push(join(dir, name));
  }
  return files.sort((a, b) => statSync(a).mtimeMs - statSync(b).mtimeMs || a.localeCompare(b));
}

/** Outcome of importing pending files. */
export interface ImportPendingSummary {
  imported: WriteRunSummary[];
  /** Files that could not be read as pending runs, renamed to `*.invalid` (kept, never deleted). */
  rejected: Array<{ file: string; reason: string }>;
}

/**
 * Imports every pending run of `dbPath` through `connection` (which must hold that database),
 * one transaction per file; a file is deleted only after its transaction committed. A file that names
 * another database is left where it is.
 */
export async function importPending(connection: DuckDBConnection, dbPath: string, tmp = tmpdir()): Promise<ImportPendingSummary> {
  const summary: ImportPendingSummary = { imported: [], rejected: [] };
  for (const file of listPending(dbPath, tmp)) {
    let record: RunRecord;
    try {
      const parsed = JSON.parse(readFileSync(file, 'utf8')) as { format?: unknown; dbPath?: unknown; record?: RunRecord };
      if (parsed.format !== FORMAT || typeof parsed.record !== 'object') throw new Error(`not a ${FORMAT} file`);
      if (typeof parsed.dbPath === 'string' && parsed.dbPath !== resolve(dbPath)) continue;
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
