import { UnknownProfileError } from './errors.js';

/**
 * How long and how often a cell is measured. Sampling stops once BOTH `minSamples` and
 * `minTimeMs` are reached, or as soon as EITHER `maxSamples` or `maxTimeMs` is.
 */
export type MeasureProfile = {
  name: 'quick' | 'full' | 'bench';
  /** Untimed runs after the (separately timed) first inference. */
  warmupRuns: number;
  minSamples: number;
  minTimeMs: number;
  maxSamples: number;
  maxTimeMs: number;
};

/**
 * `quick` (CI, the default): ~214 families × a few tasks × 4 dtypes of tiny models must fit in
 * about 2 minutes on 2 cores, so a cell spends at most ~0.2 s sampling (a tiny model run is
 * ~0.05 ms, so it usually stops at maxSamples after a few ms).
 * `full` (nightly): ≥ 30 samples over ≥ 2 s per cell, for stable p99 and a small rme.
 * `bench` (suites in bench mode, `matrix bench`): the default for numbers people publish or compare —
 * more warm-up and ≥ 50 samples over ≥ 3 s, so one burst of load spoils few samples (spread in bench/RESULTS.md).
 */
export const PROFILES: Readonly<Record<MeasureProfile['name'], Readonly<MeasureProfile>>> = Object.freeze({
  quick: Object.freeze({ name: 'quick', warmupRuns: 1, minSamples: 5, minTimeMs: 20, maxSamples: 100, maxTimeMs: 200 }),
  full: Object.freeze({ name: 'full', warmupRuns: 5, minSamples: 30, minTimeMs: 2_000, maxSamples: 5_000, maxTimeMs: 30_000 }),
  bench: Object.freeze({ name: 'bench', warmupRuns: 10, minSamples: 50, minTimeMs: 3_000, maxSamples: 10_000, maxTimeMs: 30_000 }),
});

/** The profile named by `MATRIX_PROFILE` (quick | full | bench); `quick` when unset or empty. */
export function resolveProfile(env: NodeJS.ProcessEnv = process.env): MeasureProfile {
  const raw = env.MATRIX_PROFILE?.trim() ?? '';
  if (raw === '') return { ...PROFILES.quick };
  const name = raw.toLowerCase();
  if (name === 'quick' || name === 'full' || name === 'bench') return { ...PROFILES[name] };
  throw new UnknownProfileError(raw, Object.keys(PROFILES));
}
