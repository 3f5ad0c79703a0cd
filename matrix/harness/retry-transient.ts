/**
 * Honest retries. A cell that failed for a transient reason (a timeout, out of memory, a crashed
 * worker) is run again, up to `maxRetries` times; deterministic failures (an assertion, an
 * unsupported op, a parity mismatch, a missing file) never are. The result carries how many retries
 * it took, and a pass that needed one is `flaky`: it never looks the same as a clean pass.
 */
import type { CellResult, ErrorType } from './types.js';

/** Failure types that can go away on their own. */
export const TRANSIENT_ERROR_TYPES: readonly ErrorType[] = Object.freeze(['timeout', 'out-of-memory', 'crashed']);

/** True for a `fail` whose type is transient. */
export function isTransient(result: CellResult): boolean {
  return result.status === 'fail' && TRANSIENT_ERROR_TYPES.includes(result.errorType);
}

/** How often to retry: `maxRetries` from MATRIX_RETRIES, `priorAttempts` already spent by an earlier worker. */
export interface RetryPolicy {
  maxRetries: number;
  /** Attempts made before this process (a crashed file re-run by `matrix run`: 1). They count as retries. */
  priorAttempts: number;
}

/**
 * Runs `attempt` once, then again while its result is transient and retries are left. Returns the
 * last outcome with `retries` (when above 0) and `flaky` (a pass after a retry) set on its result.
 */
export async function retryTransient<T extends { result: CellResult }>(attempt: () => Promise<T>, policy: RetryPolicy): Promise<T> {
  let outcome = await attempt();
  let retries = 0;
  while (isTransient(outcome.result) && retries < policy.maxRetries) {
    retries += 1;
    outcome = await attempt();
  }
  const total = retries + policy.priorAttempts;
  if (total === 0) return outcome;
  const result: CellResult = { ...outcome.result, retries: total, ...(outcome.result.status === 'pass' ? { flaky: true } : {}) };
  return { ...outcome, result };
}
