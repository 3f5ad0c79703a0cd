/** Numbers of a cell in words, for the lines of why: `cpu/q8: p50 3.10 ms ± 0.20 MAD (n=30)`. */
import { median } from '../report/median.js';
import { metricValue } from './compare-cells.js';
import type { RecommendCell } from './recommend-cell.js';
import type { RecommendMetric } from './recommendation.js';

/** `device/dtype: <metric value>`; without the name when `named` is false. */
export function formatChoice(cell: RecommendCell, metric: RecommendMetric, named = true): string {
  const name = named ? `${cell.device}/${cell.dtype}: ` : '';
  const value = metricValue(cell, metric);
  switch (metric) {
    case 'memory':
      return `${name}peak RSS ${(value / 2 ** 20).toFixed(1)} MiB`;
    case 'load':
      return `${name}load ${ms(value)} ms`;
    case 'throughput':
      return `${name}${cell.throughput === null ? '?' : cell.throughput.toPrecision(3)} ${cell.throughputUnit ?? 'items/s'} (p50 ${ms(value)} ms)`;
    default: {
      const samples = cell.samplesMs ?? [];
      if (!named || samples.length < 2) return `${name}p50 ${ms(value)} ms`;
      return `${name}p50 ${ms(value)} ms ± ${ms(madMs(samples))} MAD (n=${samples.length})`;
    }
  }
}

/** ` (Mann–Whitney p=0.003, significant)`, or just ` (significant)` for the single-value metrics. */
export function formatP(pValue: number | null, verdict: string): string {
  return pValue === null ? ` (${verdict})` : ` (Mann–Whitney p=${pValue < 0.001 ? pValue.toExponential(1) : pValue.toFixed(3)}, ${verdict})`;
}

function ms(value: number): string {
  return value >= 100 ? value.toFixed(0) : value >= 1 ? value.toFixed(2) : value.toPrecision(2);
}

/** Median absolute deviation of `samples` from their median, ms: robust to the outliers a GC pause makes. */
export function madMs(samples: readonly number[]): number {
  const m = median(samples);
  return median(samples.map((v) => Math.abs(v - m)));
}
