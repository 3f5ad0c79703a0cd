/**
 * The harness's environment settings, read and checked in one place so a bad value stops the run
 * before any cell runs (globalSetup, `matrix run`) instead of failing cell after cell.
 */
import { HarnessError } from './errors.js';
import { planCells } from './plan-cells.js';
import { resolveProfile } from './profiles.js';

/** Per-cell timeout when MATRIX_CELL_TIMEOUT_MS is unset. */
export const DEFAULT_CELL_TIMEOUT_MS = 60_000;

/**
 * Throws the setting's coded error (exit 2) for a bad MATRIX_PROFILE, MATRIX_DEVICES, MATRIX_DTYPES,
 * MATRIX_CELL_TIMEOUT_MS, MATRIX_ORT_THREADS or MATRIX_RETRIES; returns nothing when all are usable.
 */
export function checkHarnessSettings(env: NodeJS.ProcessEnv): void {
  resolveProfile(env);
  planCells([], env);
  timeoutFromEnv(env);
  positiveIntFromEnv(env, 'MATRIX_ORT_THREADS');
  countFromEnv(env, 'MATRIX_RETRIES');
}

/** A count setting (MATRIX_RETRIES): a non-negative integer, 0 when unset; HARNESS_BAD_ENV otherwise. */
export function countFromEnv(env: NodeJS.ProcessEnv, name: string): number {
  const raw = env[name]?.trim();
  if (!raw) return 0;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) {
    throw new HarnessError('HARNESS_BAD_ENV', `${name}=${JSON.stringify(raw)} is not a non-negative integer.`, `Unset ${name} (0: no retries) or set e.g. ${name}=2 (the nightly's value).`);
  }
  return value;
}

/** `env[name]` as a positive integer, undefined when unset; HARNESS_BAD_ENV otherwise. */
export function positiveIntFromEnv(env: NodeJS.ProcessEnv, name: string): number | undefined {
  const raw = env[name]?.trim();
  if (!raw) return undefined;
  const value = Number(raw);
  if (!Number.isInteger(value) || value <= 0) {
    throw new HarnessError('HARNESS_BAD_ENV', `${name}=${JSON.stringify(raw)} is not a positive integer.`, `Unset ${name} (ONNX Runtime's default) or set e.g. ${name}=1.`);
  }
  return value;
}

/** MATRIX_CELL_TIMEOUT_MS in milliseconds (default 60 s); HARNESS_BAD_TIMEOUT when not a positive number. */
export function timeoutFromEnv(env: NodeJS.ProcessEnv): number {
  const raw = env.MATRIX_CELL_TIMEOUT_MS?.trim();
  if (!raw) return DEFAULT_CELL_TIMEOUT_MS;
  const ms = Number(raw);
  if (!Number.isFinite(ms) || ms <= 0) {
    throw new HarnessError('HARNESS_BAD_TIMEOUT', `MATRIX_CELL_TIMEOUT_MS=${JSON.stringify(raw)} is not a positive number of milliseconds.`, `Unset it (default ${DEFAULT_CELL_TIMEOUT_MS}) or set e.g. MATRIX_CELL_TIMEOUT_MS=30000.`);
  }
  return ms;
}
