import { CellTimeoutError, InvalidMeasureInputError } from './errors.js';

/** Largest delay setTimeout honours; above it Node fires after 1 ms. */
const MAX_TIMER_MS = 2_147_483_647;

/**
 * Resolves or rejects like `work`, unless `ms` pass first: then rejects with a
 * `CellTimeoutError` (code HARNESS_TIMEOUT) naming `what`. The timer is always cleared.
 * The work itself cannot be cancelled (an ONNX Runtime call keeps running); its late
 * result or rejection is ignored.
 */
export async function withTimeout<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  if (!Number.isFinite(ms) || ms <= 0 || ms > MAX_TIMER_MS) {
    throw new InvalidMeasureInputError('timeout', ms, `a number of milliseconds in (0, ${MAX_TIMER_MS}]`);
  }
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new CellTimeoutError(what, ms)), ms);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
