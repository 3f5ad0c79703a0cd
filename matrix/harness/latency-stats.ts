import { InvalidMeasureInputError } from './errors.js';
import { studentT975 } from './student-t.js';
import type { LatencyStats } from './types.js';

/**
 * Summary statistics of timed samples (ms).
 * - Percentiles: linear interpolation between closest ranks (Hyndman-Fan type 7, the default of
 *   numpy and R, Excel PERCENTILE.INC): rank h = (n − 1)·p, value = x[⌊h⌋] + (h − ⌊h⌋)(x[⌊h⌋+1] − x[⌊h⌋]).
 * - stdMs: sample standard deviation (n − 1 in the denominator).
 * - rmePercent: relative margin of error of the mean at 95 %, t_{0.975, n−1} · std / √n / mean · 100.
 * With one sample, std and rme are unknowable; they are reported as 0 (every field stays a finite number,
 * as the store and JSON require) — read them together with `samples`.
 * Throws HARNESS_INVALID_INPUT for no samples or a negative / non-finite sample.
 */
export function latencyStats(samplesMs: readonly number[]): LatencyStats {
  if (samplesMs.length === 0) {
    throw new InvalidMeasureInputError('latency samples', samplesMs, 'at least one sample');
  }
  for (const ms of samplesMs) {
    if (!Number.isFinite(ms) || ms < 0) {
      throw new InvalidMeasureInputError('latency sample', ms, 'a finite number of milliseconds ≥ 0');
    }
  }
  const sorted = [...samplesMs].sort((a, b) => a - b);
  const n = sorted.length;
  let sum = 0;
  for (const ms of sorted) sum += ms;
  const meanMs = sum / n;
  let squares = 0;
  for (const ms of sorted) squares += (ms - meanMs) ** 2;
  const stdMs = n > 1 ? Math.sqrt(squares / (n - 1)) : 0;
  const rmePercent = n > 1 && meanMs > 0 ? ((studentT975(n - 1) * stdMs) / Math.sqrt(n) / meanMs) * 100 : 0;
  return {
    samples: n,
    meanMs,
    p50Ms: percentile(sorted, 0.5),
    p90Ms: percentile(sorted, 0.9),
    p99Ms: percentile(sorted, 0.99),
    minMs: sorted[0]!,
    maxMs: sorted[n - 1]!,
    stdMs,
    rmePercent,
  };
}

/** Type-7 percentile of an ascending array, p in [0, 1]. */
export function percentile(sortedAsc: readonly number[], p: number): number {
  const h = (sortedAsc.length - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, sortedAsc.length - 1);
  return sortedAsc[lo]! + (h - lo) * (sortedAsc[hi]! - sortedAsc[lo]!);
}
