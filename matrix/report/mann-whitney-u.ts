/**
 * Two-sided Mann–Whitney U test (Wilcoxon rank-sum) of two independent samples: do they come from the
 * same distribution? Exact null distribution for small samples without ties; otherwise the normal
 * approximation with tie correction and continuity correction.
 */
import { erfc } from './erfc.js';

export interface MannWhitneyResult {
  /** U of the first sample: how often a value of `a` exceeds one of `b` (ties count ½). */
  u: number;
  /** Standardised U (0 for the exact method). */
  z: number;
  /** Two-sided p-value. */
  pValue: number;
  method: 'exact' | 'normal';
}

/** Largest n1·n2 for which the exact distribution is computed. */
const EXACT_MAX_PRODUCT = 400;

export function mannWhitneyU(a: readonly number[], b: readonly number[]): MannWhitneyResult {
  const n1 = a.length;
  const n2 = b.length;
  if (n1 === 0 || n2 === 0) throw new RangeError(`Mann–Whitney U needs two non-empty samples (got ${n1} and ${n2}).`);
  if ([...a, ...b].some((v) => !Number.isFinite(v))) throw new RangeError('Mann–Whitney U needs finite sample values.');
  const pooled = [...a.map((v) => ({ v, first: true })), ...b.map((v) => ({ v, first: false }))].sort((x, y) => x.v - y.v);
  const n = n1 + n2;
  let rankSumA = 0;
  let tieTerm = 0;
  for (let i = 0; i < n; ) {
    let j = i;
    while (j + 1 < n && pooled[j + 1]!.v === pooled[i]!.v) j++;
    const averageRank = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++) if (pooled[k]!.first) rankSumA += averageRank;
    const t = j - i + 1;
    tieTerm += t * t * t - t;
    i = j + 1;
  }
  const u = rankSumA - (n1 * (n1 + 1)) / 2;
  if (tieTerm === 0 && n1 * n2 <= EXACT_MAX_PRODUCT) return { u, z: 0, pValue: exactPValue(u, n1, n2), method: 'exact' };
  const mean = (n1 * n2) / 2;
  const variance = ((n1 * n2) / 12) * (n + 1 - tieTerm / (n * (n - 1)));
  if (variance <= 0) return { u, z: 0, pValue: 1, method: 'normal' };
  const deviation = Math.max(0, Math.abs(u - mean) - 0.5);
  const z = (Math.sign(u - mean) * deviation) / Math.sqrt(variance);
  return { u, z, pValue: Math.min(1, erfc(Math.abs(z) / Math.SQRT2)), method: 'normal' };
}

/** Two-sided exact p-value: 2 · min(P(U ≤ u), P(U ≥ u)) under H0, from the counts of rank arrangements. */
function exactPValue(u: number, n1: number, n2: number): number {
  // counts[k] = number of arrangements of n1 "a" among n1+n2 positions with U = k, built up one element at a time.
  let table: number[][] = Array.from({ length: n2 + 1 }, () => [1]); // n1 = 0: U = 0 only
  for (let i = 1; i <= n1; i++) {
    const next: number[][] = [[1]]; // n2 = 0: U = 0 only
    for (let j = 1; j <= n2; j++) {
      // the largest element is an "a" (beats all j b's: U += j) or a "b" (adds nothing)
      const withA = table[j]!;
      const withB = next[j - 1]!;
      const row = new Array<number>(i * j + 1).fill(0);
      withA.forEach((c, k) => (row[k + j]! += c));
      withB.forEach((c, k) => (row[k]! += c));
      next.push(row);
    }
    table = next;
  }
  const counts = table[n2]!;
  const total = counts.reduce((s, c) => s + c, 0);
  let below = 0;
  let above = 0;
  counts.forEach((c, k) => {
    if (k <= u) below += c;
    if (k >= u) above += c;
  });
  return Math.min(1, (2 * Math.min(below, above)) / total);
}
