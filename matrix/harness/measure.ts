import { InvalidMeasureInputError } from './errors.js';
import { latencyStats } from './latency-stats.js';
import type { MeasureProfile } from './profiles.js';
import type { LatencyStats } from './types.js';

/** What `measure` returns: the last result, the first call's time, every timed sample and their stats. */
export interface Measured<T> {
  /** Result of the last timed call. */
  result: T;
  /** The very first call (first inference: includes lazy initialisation), ms. */
  firstMs: number;
  samplesMs: number[];
  stats: LatencyStats;
  /** items / mean seconds (finite: the mean is clamped to ≥ 1 ns). */
  throughput: number;
}

/**
 * Times `fn`: the first call separately, then `profile.warmupRuns` untimed calls, then timed
 * samples until both `minSamples` and `minTimeMs` are reached, stopping early at `maxSamples` or
 * `maxTimeMs` (at least one sample is always taken). Only `performance.now()` and an array push
 * run between calls; memory is for the caller to sample outside. Errors from `fn` propagate.
 */
export async function measure<T>(fn: () => Promise<T>, opts: { profile: MeasureProfile; items: number; now?: () => number }): Promise<Measured<T>> {
  const { profile, items } = opts;
  // Samples are timed on `now` (a web cell's clock excludes the page round trips); the loop's own
  // time limits stay on the wall clock.
  const now = opts.now ?? (() => performance.now());
  checkOptions(profile, items);
  const firstStart = now();
  let result = await fn();
  const firstMs = now() - firstStart;
  for (let i = 0; i < profile.warmupRuns; i++) result = await fn();

  const { minSamples, minTimeMs, maxSamples, maxTimeMs } = profile;
  const samplesMs: number[] = [];
  const loopStart = performance.now();
  for (;;) {
    const start = now();
    result = await fn();
    samplesMs.push(now() - start);
    const elapsedMs = performance.now() - loopStart;
    if (samplesMs.length >= maxSamples || elapsedMs >= maxTimeMs) break;
    if (samplesMs.length >= minSamples && elapsedMs >= minTimeMs) break;
  }
  return { result, firstMs, samplesMs, ...summarizeSamples(samplesMs, items) };
}

/** Statistics and throughput (items / mean seconds) of timed samples, as `measure` reports them. */
export function summarizeSamples(samplesMs: number[], items: number): { stats: LatencyStats; throughput: number } {
  const stats = latencyStats(samplesMs);
  // a mean below the timer's resolution is clamped to 1 ns so throughput stays finite
  const throughput = items / (Math.max(stats.meanMs, 1e-6) / 1000);
  return { stats, throughput };
}

function checkOptions(profile: MeasureProfile, items: number): void {
  if (!Number.isFinite(items) || items <= 0) {
    throw new InvalidMeasureInputError('items per call', items, 'a positive number (batch size or tokens)');
  }
  const counts: Array<[string, number]> = [
    ['profile.warmupRuns', profile.warmupRuns],
    ['profile.minSamples', profile.minSamples],
    ['profile.maxSamples', profile.maxSamples],
  ];
  for (const [what, value] of counts) {
    if (!Number.isInteger(value) || value < 0) throw new InvalidMeasureInputError(what, value, 'an integer ≥ 0');
  }
  if (profile.maxSamples < 1) throw new InvalidMeasureInputError('profile.maxSamples', profile.maxSamples, 'at least 1');
  if (profile.maxSamples < profile.minSamples) {
    throw new InvalidMeasureInputError('profile.maxSamples', profile.maxSamples, `≥ minSamples (${profile.minSamples})`);
  }
  for (const [what, value] of [['profile.minTimeMs', profile.minTimeMs], ['profile.maxTimeMs', profile.maxTimeMs]] as const) {
    if (!Number.isFinite(value) || value < 0) throw new InvalidMeasureInputError(what, value, 'a finite number of ms ≥ 0');
  }
  if (profile.maxTimeMs < profile.minTimeMs) {
    throw new InvalidMeasureInputError('profile.maxTimeMs', profile.maxTimeMs, `≥ minTimeMs (${profile.minTimeMs})`);
  }
}
