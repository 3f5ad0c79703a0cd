/**
 * Whether one cell beats another on a metric. Latency and throughput are decided on the stored samples
 * by the two-sided Mann–Whitney U test `matrix compare` uses (throughput is inverse latency, so the
 * ranks and the test are the same); memory and load have one value per cell, so there a difference
 * counts only past the threshold. A difference under the threshold is never a win.
 */
import { mannWhitneyU } from '../report/mann-whitney-u.js';
import { median } from '../report/median.js';
import type { RecommendCell } from './recommend-cell.js';
import type { RecommendMetric } from './recommendation.js';

/** The outcome of comparing `a` with `b` (lower value is better). */
export interface CellComparison {
  /** True when `a` is significantly better than `b`. */
  aBetter: boolean;
  /** True when `b` is significantly better than `a`. */
  bBetter: boolean;
  /** Mann–Whitney p-value (null for the single-value metrics). */
  pValue: number | null;
}

export interface CompareSettings {
  metric: RecommendMetric;
  alpha: number;
  thresholdPercent: number;
}

/** The value a cell is ranked by, lower is better: median latency of the samples, peak RSS or load time. */
export function metricValue(cell: RecommendCell, metric: RecommendMetric): number {
  if (metric === 'memory') return cell.peakRssBytes ?? Infinity;
  if (metric === 'load') return cell.loadMs ?? Infinity;
  let value = MEDIANS.get(cell);
  if (value === undefined) {
    const samples = cell.samplesMs ?? [];
    value = samples.length > 0 ? median(samples) : (cell.latencyP50Ms ?? Infinity);
    MEDIANS.set(cell, value);
  }
  return value;
}

/** Median latency per cell, computed once: sorting and tie-breaking ask for it many times. */
const MEDIANS = new WeakMap<RecommendCell, number>();

export function compareCells(a: RecommendCell, b: RecommendCell, settings: CompareSettings): CellComparison {
  const va = metricValue(a, settings.metric);
  const vb = metricValue(b, settings.metric);
  const relative = Math.abs(va - vb) / Math.max(va, vb, Number.MIN_VALUE);
  const large = relative * 100 >= settings.thresholdPercent;
  if (settings.metric === 'memory' || settings.metric === 'load') return { aBetter: large && va < vb, bBetter: large && vb < va, pValue: null };
  const { pValue } = mannWhitneyU(a.samplesMs ?? [], b.samplesMs ?? []);
  const significant = large && pValue < settings.alpha;
  return { aBetter: significant && va < vb, bBetter: significant && vb < va, pValue };
}
