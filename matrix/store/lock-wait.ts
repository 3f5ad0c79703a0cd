/**
 * Waiting for another process's DuckDB lock, shared by the store writer (open-store.ts) and the
 * read-only report commands (report/open-readonly.ts). DuckDB lets one process write a file and
 * refuses other opens, even read-only ones, while it does; both sides wait, bounded, with backoff.
 * No DuckDB import here: the report commands load DuckDB their own (cheaper) way.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { StoreBusyError, StoreConfigError } from './errors.js';

/** Default bound on waiting for another process's lock. */
export const DEFAULT_DB_WAIT_MS = 60_000;

/** True for DuckDB's "another process holds the file" error. */
export function isLockConflict(message: string): boolean {
  return message.includes('Could not set lock on file') || message.includes('Conflicting lock');
}

/** "PID 123 (/usr/bin/node)" from DuckDB's lock message, else a generic holder. */
export function lockHolder(message: string): string {
  const match = /Conflicting lock is held in (.+?) \(PID (\d+)\)/.exec(message);
  return match ? `PID ${match[2]} (${match[1]})` : 'another process';
}

/** MATRIX_DB_WAIT_MS as a number of milliseconds (default 60 s); a coded error when it is not one. */
export function readWaitMs(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env.MATRIX_DB_WAIT_MS;
  if (raw === undefined || raw === '') return DEFAULT_DB_WAIT_MS;
  if (!/^\d+$/.test(raw.trim())) throw new StoreConfigError('MATRIX_DB_WAIT_MS', raw, 'a whole number of milliseconds, e.g. 60000');
  return Number(raw.trim());
}

/** Outcome of one attempt to open: the value, or the holder of the lock that refused it. */
export type OpenAttempt<T> = { value: T } | { lockedBy: string; error?: unknown };

/**
 * Calls `attempt` until it returns a value, waiting with backoff (50 ms growing to 1 s) while it
 * reports a lock, for at most `waitMs`; tells `onWait` once when waiting starts. Throws StoreBusyError
 * when the lock outlasts `waitMs`. Errors other than a lock are `attempt`'s to throw.
 */
export async function waitForLock<T>(path: string, attempt: () => Promise<OpenAttempt<T>>, waitMs: number, onWait: (message: string) => void): Promise<T> {
  const started = Date.now();
  let delayMs = 50;
  let told = false;
  for (;;) {
    const outcome = await attempt();
    if ('value' in outcome) return outcome.value;
    const waitedMs = Date.now() - started;
    if (waitedMs >= waitMs) throw new StoreBusyError(path, waitedMs, outcome.lockedBy, null, outcome.error);
    if (!told) {
      told = true;
      onWait(`matrix: ${path} is in use by ${outcome.lockedBy}; waiting up to ${Math.round(waitMs / 1000)} s for it (MATRIX_DB_WAIT_MS)…`);
    }
    await sleep(Math.min(delayMs + Math.random() * delayMs * 0.5, Math.max(0, waitMs - waitedMs)));
    delayMs = Math.min(delayMs * 1.6, 1_000);
  }
}
