/**
 * Marks points of a latency series that leave the recent normal range: a point is an anomaly when
 * |x − m| > k · max(1.4826 · MAD, floor · m), where m and MAD are the median and the median absolute
 * deviation of the previous `window` points. Robust to the outliers it is looking for. A level shift is
 * marked once, where it starts, not again at every following point until the baseline catches up.
 */
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
  // Scratch space for the baseline and its deviations: the dashboard judges ~165k points, so no allocation per point.
  // As previous.slice(-window) would take: the last trunc(window) points, or all of them for a window below 1.
  const window = Math.trunc(options.window) >= 1 ? Math.trunc(options.window) : values.length;
  const baseline = new Float64Array(Math.min(window, values.length));
  const deviations = new Float64Array(baseline.length);
  let lastOutlier: { value: number; spread: number } | undefined;
  values.forEach((value, i) => {
    if (value === null || !Number.isFinite(value)) return;
    let outlier: typeof lastOutlier;
    if (previous.length >= options.minHistory) {
      const n = Math.min(window, previous.length);
      const from = previous.length - n;
      for (let j = 0; j < n; j++) baseline[j] = previous[from + j]!;
      const m = sortedMedian(baseline.subarray(0, n).sort());
      for (let j = 0; j < n; j++) deviations[j] = Math.abs(baseline[j]! - m);
      const mad = sortedMedian(deviations.subarray(0, n).sort());
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

/** Median of numbers already sorted ascending, the same arithmetic as median(); NaN when empty. */
function sortedMedian(sorted: Float64Array): number {
  if (sorted.length === 0) return Number.NaN;
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}
