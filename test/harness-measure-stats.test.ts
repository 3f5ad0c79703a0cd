import { describe, expect, it } from 'vitest';
import { latencyStats, percentile } from '../matrix/harness/latency-stats.js';
import { studentT975 } from '../matrix/harness/student-t.js';

describe('latencyStats', () => {
  it('computes the stated statistics for known samples (hand-computed)', () => {
    // sorted 1 2 3 4 10: mean 4; squared deviations 9+4+1+0+36 = 50 → var 50/4 = 12.5
    const stats = latencyStats([10, 3, 1, 4, 2]);
    expect(stats.samples).toBe(5);
    expect(stats.meanMs).toBe(4);
    expect(stats.minMs).toBe(1);
    expect(stats.maxMs).toBe(10);
    expect(stats.p50Ms).toBe(3);
    // type 7: h = 4 · 0.9 = 3.6 → 4 + 0.6 · (10 − 4) = 7.6; h = 3.96 → 4 + 0.96 · 6 = 9.76
    expect(stats.p90Ms).toBeCloseTo(7.6, 12);
    expect(stats.p99Ms).toBeCloseTo(9.76, 12);
    expect(stats.stdMs).toBeCloseTo(Math.sqrt(12.5), 12);
    // t(0.975, 4) = 2.776 → 2.776 · 3.5355339 = 9.8146421; / √5 = 4.3892415; / 4 · 100 = 109.731 %
    expect(stats.rmePercent).toBeCloseTo(109.731, 2);
  });

  it('interpolates percentiles between ranks and hits the ends exactly', () => {
    const sorted = [10, 20, 30, 40];
    expect(percentile(sorted, 0)).toBe(10);
    expect(percentile(sorted, 1)).toBe(40);
    expect(percentile(sorted, 0.5)).toBe(25);
    expect(percentile([7], 0.99)).toBe(7);
  });

  it('gives zero spread for identical samples', () => {
    const stats = latencyStats([2, 2, 2, 2]);
    expect(stats).toMatchObject({ meanMs: 2, p50Ms: 2, p99Ms: 2, stdMs: 0, rmePercent: 0 });
  });

  it('keeps every field finite for a single sample (std and rme 0, samples 1)', () => {
    const stats = latencyStats([3.5]);
    expect(stats).toEqual({ samples: 1, meanMs: 3.5, p50Ms: 3.5, p90Ms: 3.5, p99Ms: 3.5, minMs: 3.5, maxMs: 3.5, stdMs: 0, rmePercent: 0 });
    expect(JSON.parse(JSON.stringify(stats))).toEqual(stats);
  });

  it('does not reorder the caller’s array', () => {
    const samples = [3, 1, 2];
    latencyStats(samples);
    expect(samples).toEqual([3, 1, 2]);
  });

  it('rejects empty, negative and non-finite samples with a coded error', () => {
    expect(() => latencyStats([])).toThrow(expect.objectContaining({ code: 'HARNESS_INVALID_INPUT' }));
    expect(() => latencyStats([1, -0.5])).toThrow(/latency sample: got -0.5/);
    expect(() => latencyStats([1, Number.NaN])).toThrow(expect.objectContaining({ code: 'HARNESS_INVALID_INPUT' }));
    expect(() => latencyStats([Number.POSITIVE_INFINITY])).toThrow(/finite/);
  });
});

describe('studentT975', () => {
  it('matches published t-table values', () => {
    expect(studentT975(1)).toBe(12.706);
    expect(studentT975(9)).toBe(2.262);
    expect(studentT975(30)).toBe(2.042);
    // beyond the table: t(0.975, 40) = 2.0211, 60 → 2.0003, 120 → 1.9799, ∞ → 1.9600
    expect(studentT975(40)).toBeCloseTo(2.0211, 3);
    expect(studentT975(60)).toBeCloseTo(2.0003, 3);
    expect(studentT975(120)).toBeCloseTo(1.9799, 3);
    expect(studentT975(1e9)).toBeCloseTo(1.96, 3);
  });

  it('is NaN below one degree of freedom', () => {
    expect(Number.isNaN(studentT975(0))).toBe(true);
  });
});
