/**
 * Marks points of a latency series that leave the recent normal range: a point is an anomaly when
 * |x − m| > k · max(1.4826 · MAD, floor · m), where m and MAD are the median and the median absolute
 * deviation of the previous `window` points. Robust to the outliers it is looking for. A level shift is
 * marked once, where it starts, not again at every following point until the baseline catches up.
 */
import { median } from './median.js';

export interface AnomalyOptions {
  /** How many previous points form the baseline. */
  window: number;
  /** How many robust standard deviations away counts as an anomaly. */
  k: number;
  /** Fewest previous points needed before judging. */
  minHistory: number;
  /** Smallest spread, as a share of the median, so a perfectly flat history does not flag 0.1 % noise. */
  floorShare: number;
}

export const DEFAULT_ANOMALY_OPTIONS: AnomalyOptions = { window: 10, k: 3, minHistory: 5, floorShare: 0.02 };

/** Indexes of anomalous points in `values` (nulls are gaps, neither judged nor used as baseline). */
export function detectAnomalies(values: readonly (number | null)[], options: AnomalyOptions = DEFAULT_ANOMALY_OPTIONS): number[] {
  const anomalies: number[] = [];
  const previous: number[] = [];
  let lastOutlier: { value: number; spread: number } | undefined;
  values.forEach((value, i) => {
    if (value === null || !Number.isFinite(value)) return;
    let outlier: typeof lastOutlier;
    if (previous.length >= options.minHistory) {
      const baseline = previous.slice(-options.window);
      const m = median(baseline);
      const mad = median(baseline.map((x) => Math.abs(x - m)));
      const spread = Math.max(1.4826 * mad, options.floorShare * Math.abs(m));
      if (Math.abs(value - m) > options.k * spread) outlier = { value, spread };
    }
    // A level shift stays outside the baseline until the window catches up: mark only where it starts.
    const continues = outlier && lastOutlier && Math.abs(value - lastOutlier.value) <= options.k * lastOutlier.spread;
    if (outlier && !continues) anomalies.push(i);
    lastOutlier = outlier;
    previous.push(value);
  });
  return anomalies;
}
