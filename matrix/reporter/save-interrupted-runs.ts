/**
 * Keeps the cells of a run killed by SIGINT/SIGTERM. Vitest exits about 1 ms after such a signal,
 * too soon for an async DuckDB write, so this is synchronous: each run is saved to
 * its database's pending folder (./store/pending.ts; the system temp folder when that one cannot be written), then a short-lived child process imports it into the database while
 * this process waits. If the import cannot finish, the pending file stays for the next run.
 */
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { keepPending } from '../store/pending.js';
import type { RunRecord } from '../store/run-record.js';

/** How long the importer may take before we leave the pending files for later. */
const IMPORT_TIMEOUT_MS = 30_000;

/** Saves and imports `records` synchronously; returns a line for the user. */
export function saveInterruptedRuns(records: readonly RunRecord[], dbPath: string): string {
  const files = records.map((r) => keepPending(dbPath, r).file);
  const cells = records.reduce((n, r) => n + r.cells.length, 0);
  const loader = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
  const importer = fileURLToPath(new URL('./import-pending-main.ts', import.meta.url));
  const child = spawnSync(process.execPath, ['--import', loader, importer, dbPath], {
    encoding: 'utf8',
    timeout: IMPORT_TIMEOUT_MS,
    env: { ...process.env, MATRIX_DB_WAIT_MS: process.env.MATRIX_DB_WAIT_MS ?? '10000' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  if (child.status === 0) return `Matrix: run interrupted; ${cells} finished cells written to ${dbPath}, marked interrupted`;
  const why = (child.stderr || child.error?.message || `exit ${child.status ?? child.signal}`).trim().split('\n')[0];
  return `Matrix: run interrupted; ${cells} finished cells saved to ${files.join(', ')} (${why}); the next run imports them`;
}
