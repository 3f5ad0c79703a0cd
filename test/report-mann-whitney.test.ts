// The significance test behind `matrix compare`: Mann–Whitney U, exact and normal approximation.
import { describe, expect, it } from 'vitest';
import { erfc } from '../matrix/report/erfc.js';
import { mannWhitneyU } from '../matrix/report/mann-whitney-u.js';
import { samplesAround } from './fixtures/report/known-store.js';

describe('erfc', () => {
  it('matches reference values, including the tail', () => {
    expect(erfc(0)).toBeCloseTo(1, 7);
    expect(erfc(1)).toBeCloseTo(0.157299207050285, 7);
    expect(erfc(-1)).toBeCloseTo(1.842700792949715, 7);
    expect(erfc(3) / 2.209049699858544e-5).toBeCloseTo(1, 5);
  });
});

describe('mannWhitneyU', () => {
  it('gives the exact two-sided p of completely separated small samples', () => {
    // 3 vs 3, all of b above a: U = 0, P(U ≤ 0) = 1/20, two-sided 0.1.
    const r = mannWhitneyU([1, 2, 3], [4, 5, 6]);
    expect(r).toMatchObject({ u: 0, method: 'exact' });
    expect(r.pValue).toBeCloseTo(0.1, 12);
    expect(mannWhitneyU([4, 5, 6], [1, 2, 3]).u).toBe(9);
  });

  it('gives p = 1 for interleaved samples and for identical ones', () => {
    expect(mannWhitneyU([1, 4, 5, 8], [2, 3, 6, 7]).pValue).toBe(1);
    expect(mannWhitneyU([5, 5, 5], [5, 5, 5]).pValue).toBe(1);
  });

  it('uses the normal approximation with tie and continuity correction for large or tied samples', () => {
    // 1..10 vs 11..20: U = 0; only one arrangement of 184756 is as extreme on each side.
    const r = mannWhitneyU(Array.from({ length: 10 }, (_, i) => i + 1), Array.from({ length: 10 }, (_, i) => i + 11));
    expect(r.method).toBe('exact');
    expect(r.pValue).toBeCloseTo(2 / 184756, 15); // 2 / C(20, 10)
    const tied = mannWhitneyU([1, 1, 2, 2, 3], [3, 4, 4, 5, 5]);
    expect(tied.method).toBe('normal');
    // ranks: 1,1→1.5; 2,2→3.5; 3,3→5.5; 4,4→7.5; 5,5→9.5. R_a = 1.5+1.5+3.5+3.5+5.5 = 15.5, U = 0.5.
    expect(tied.u).toBe(0.5);
    const tieTerm = 5 * (2 ** 3 - 2);
    const variance = (25 / 12) * (11 - tieTerm / (10 * 9));
    expect(tied.z).toBeCloseTo(-(12.5 - 0.5 - 0.5) / Math.sqrt(variance), 10);
    expect(tied.pValue).toBeCloseTo(erfc(Math.abs(tied.z) / Math.SQRT2), 12);
    const big = mannWhitneyU(samplesAround(10, 30, 1), samplesAround(10, 30, 2));
    expect(big.method).toBe('normal');
  });

  it('flags a true 2x slowdown with overwhelming significance', () => {
    const base = samplesAround(10, 30, 11);
    const head = samplesAround(20, 30, 12);
    expect(mannWhitneyU(base, head).pValue).toBeLessThan(1e-6);
  });

  it('does not flag two draws from the same distribution (false positives at about alpha)', () => {
    let significant = 0;
    for (let seed = 0; seed < 200; seed++) {
      if (mannWhitneyU(samplesAround(10, 20, 1000 + seed), samplesAround(10, 20, 5000 + seed)).pValue < 0.05) significant++;
    }
    expect(significant).toBeLessThanOrEqual(20); // expected ≈ 10 of 200
    expect(mannWhitneyU(samplesAround(10, 30, 21), samplesAround(10, 30, 22)).pValue).toBeGreaterThan(0.05);
  });

  it('rejects empty or non-finite samples', () => {
    expect(() => mannWhitneyU([], [1])).toThrow(RangeError);
    expect(() => mannWhitneyU([1, Number.NaN], [1])).toThrow(/finite/);
  });
});
