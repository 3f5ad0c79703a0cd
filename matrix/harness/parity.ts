import type { Dtype, Parity } from './types.js';

/** Model outputs to compare: named tensors and, for generation, the generated token ids per sequence. */
export type ParityOutputs = {
  tensors: Record<string, { dims: number[]; data: ArrayLike<number | bigint> }>;
  tokens?: number[][];
};

export type ParityTolerance = Parity['tolerance'];

/** The label a cell's parity names as its reference. */
export const REFERENCE_CELL = 'node/cpu/fp32';

/**
 * Tolerances per dtype. A cell passes parity when, against the cpu/fp32 reference: every shared output
 * is finite and of the same shape; cosine ≥ minCosine (lowest over outputs); max abs diff ≤
 * maxAbsDiff · max(1, max|reference|) (relative above unit scale, absolute below); and top-1/token
 * agreement ≥ minTopAgreement, where a logits row whose reference top-1 and candidate top-1 are closer
 * in the reference than that same scaled maxAbsDiff counts as a tie, not a disagreement.
 *
 * Measured (bench/RESULTS.md, "## parity tolerances"): real ORT CPU runs, each dtype against fp32.
 * 1. `npx tsx bench/parity-forged.ts "" 400`: the project's forged tiny random-weight models, 150 families
 *    (one task each), worst model:
 *      fp16: 1 − cosine 1.6e-6, rel diff 0.0033        q8: 1 − cosine 5.9e-4, rel diff 0.065
 *      q4:   1 − cosine 0.028,  rel diff 0.38          tie-aware top-1 1.0 everywhere
 * 2. `npx tsx bench/parity-tolerances.ts 40`: a tiny MLP over 40 seeds (smaller errors; plain top-1 ≥ 0.94
 *    fp16/q8, ≥ 0.75 q4 — the flips are near-ties, so top-1 is tie-aware).
 * Chosen ≥ 2.5× the worst seen on rel diff and ≥ 3.5× on 1 − cosine, so larger real models and GPU kernels
 * still pass, yet far from what a broken kernel gives (cosine ≈ 0 or negative, NaN, wrong argmax):
 *   fp32: a different device's fp32 may use TF32 matmuls (CUDA on Ampere+, 10-bit mantissa, fp16-like
 *         rounding), so fp32 allows fp16-sized error (rel 5e-3) but demands cosine ≥ 0.99999.
 */
export const TOLERANCES: Readonly<Record<Dtype, Readonly<ParityTolerance>>> = Object.freeze({
  fp32: Object.freeze({ minCosine: 0.99999, maxAbsDiff: 5e-3, minTopAgreement: 0.99 }),
  fp16: Object.freeze({ minCosine: 0.999, maxAbsDiff: 0.02, minTopAgreement: 0.95 }),
  q8: Object.freeze({ minCosine: 0.99, maxAbsDiff: 0.2, minTopAgreement: 0.9 }),
  q4: Object.freeze({ minCosine: 0.9, maxAbsDiff: 1, minTopAgreement: 0.8 }),
});

/** The tolerance applied to a cell of this dtype. */
export function toleranceFor(dtype: Dtype): ParityTolerance {
  const tolerance = TOLERANCES[dtype];
  if (tolerance === undefined) throw new RangeError(`No parity tolerance for dtype "${String(dtype)}"; valid: ${Object.keys(TOLERANCES).join(', ')}`);
  return { ...tolerance };
}

/** Metrics of one tensor pair. */
export interface TensorAgreement {
  name: string;
  cosine: number;
  maxAbsDiff: number;
  /** max |reference| (scales the absolute tolerance). */
  maxAbsReference: number;
  nonFinite: number;
  /** argmax rows compared / agreeing along the last axis (logits-like tensors only). */
  topRows: number;
  topAgree: number;
}


/**
 * Compares a cell's outputs with the cpu/fp32 reference of the same model and input:
 * cosine similarity (the lowest over tensors) and max abs diff (the highest) over every tensor both
 * have; top-1 agreement along the last axis of logits-like tensors (name contains "logits", last
 * dim > 1); token agreement position by position for generated tokens. Not ok when a reference
 * tensor is missing or has another shape (cosine 0), when any value is NaN/±Inf (cosine 0; max abs diff
 * over the finite positions, so every number stays finite for the store), or when a metric
 * is outside `toleranceFor(dtype)`. bigint data is compared as numbers; empty tensors agree.
 */
export function compareOutputs(reference: ParityOutputs, candidate: ParityOutputs, dtype: Dtype, referenceLabel = REFERENCE_CELL): Parity {
  const base = toleranceFor(dtype);
  const problems: string[] = [];
  let cosine = 1;
  let maxAbsDiff = 0;
  let maxAbsReference = 0;
  let topRows = 0;
  let topAgree = 0;
  let compared = 0;

  for (const [name, ref] of Object.entries(reference.tensors)) {
    const cand = candidate.tensors[name];
    if (cand === undefined) {
      problems.push(`output "${name}" missing`);
      cosine = 0;
      continue;
    }
    if (!sameDims(ref.dims, cand.dims) || ref.data.length !== cand.data.length) {
      problems.push(`output "${name}" shape [${cand.dims.join(',')}] differs from reference [${ref.dims.join(',')}]`);
      cosine = 0;
      continue;
    }
    const agreement = compareTensor(name, ref, cand, base.maxAbsDiff);
    compared += 1;
    if (agreement.nonFinite > 0) problems.push(`output "${name}" has ${agreement.nonFinite} NaN/Inf values`);
    cosine = Math.min(cosine, agreement.cosine);
    maxAbsDiff = Math.max(maxAbsDiff, agreement.maxAbsDiff);
    maxAbsReference = Math.max(maxAbsReference, agreement.maxAbsReference);
    topRows += agreement.topRows;
    topAgree += agreement.topAgree;
  }

  if (reference.tokens !== undefined || candidate.tokens !== undefined) {
    const tokens = compareTokens(reference.tokens ?? [], candidate.tokens ?? []);
    topRows += tokens.positions;
    topAgree += tokens.agree;
    compared += 1;
  }
  if (compared === 0 && problems.length === 0) {
    problems.push('no outputs to compare');
    cosine = 0;
  }

  const tolerance: ParityTolerance = { ...base, maxAbsDiff: base.maxAbsDiff * Math.max(1, maxAbsReference) };
  const topAgreement = topRows === 0 ? 1 : topAgree / topRows;
  if (problems.length === 0) {
    if (cosine < tolerance.minCosine) problems.push(`cosine ${cosine.toPrecision(6)} < ${tolerance.minCosine}`);
    if (maxAbsDiff > tolerance.maxAbsDiff) problems.push(`max abs diff ${maxAbsDiff.toPrecision(4)} > ${tolerance.maxAbsDiff.toPrecision(4)}`);
    if (topAgreement < tolerance.minTopAgreement) problems.push(`top-1/token agreement ${topAgreement.toFixed(3)} < ${tolerance.minTopAgreement}`);
  }
  const parity: Parity = { reference: referenceLabel, cosine, maxAbsDiff, topAgreement, tolerance, ok: problems.length === 0 };
  if (problems.length > 0) parity.reason = problems.join('; ');
  return parity;
}

/**
 * Cosine, max abs diff, non-finite count and (for logits) top-1 agreement of one same-shaped pair.
 * A top-1 row agrees when both argmaxes match, or when the reference logits at the two argmaxes differ by
 * at most `tieMarginRel` · max(1, max|reference|) (a tie within the allowed error; 0 = plain top-1).
 */
export function compareTensor(
  name: string,
  reference: { dims: number[]; data: ArrayLike<number | bigint> },
  candidate: { dims: number[]; data: ArrayLike<number | bigint> },
  tieMarginRel = 0,
): TensorAgreement {
  const n = reference.data.length;
  let dot = 0;
  let refNorm = 0;
  let candNorm = 0;
  let maxAbsDiff = 0;
  let maxAbsReference = 0;
  let nonFinite = 0;
  for (let i = 0; i < n; i++) {
    const r = Number(reference.data[i]);
    const c = Number(candidate.data[i]);
    if (!Number.isFinite(r) || !Number.isFinite(c)) {
      nonFinite += 1;
      continue;
    }
    dot += r * c;
    refNorm += r * r;
    candNorm += c * c;
    const diff = Math.abs(r - c);
    if (diff > maxAbsDiff) maxAbsDiff = diff;
    const absR = Math.abs(r);
    if (absR > maxAbsReference) maxAbsReference = absR;
  }
  let cosine: number;
  if (nonFinite > 0) cosine = 0;
  else if (refNorm === 0 && candNorm === 0) cosine = 1;
  else if (refNorm === 0 || candNorm === 0) cosine = 0;
  else cosine = Math.max(-1, Math.min(1, dot / Math.sqrt(refNorm * candNorm)));

  let topRows = 0;
  let topAgree = 0;
  const last = reference.dims[reference.dims.length - 1] ?? 0;
  if (/logits/i.test(name) && last > 1 && n > 0) {
    const tieMargin = tieMarginRel * Math.max(1, maxAbsReference);
    for (let start = 0; start + last <= n; start += last) {
      topRows += 1;
      const refTop = argmax(reference.data, start, last);
      const candTop = argmax(candidate.data, start, last);
      if (refTop === candTop) topAgree += 1;
      else if (Number(reference.data[start + refTop]) - Number(reference.data[start + candTop]) <= tieMargin) topAgree += 1;
    }
  }
  return { name, cosine, maxAbsDiff, maxAbsReference, nonFinite, topRows, topAgree };
}

/** Positions compared (the longer of each pair of sequences) and positions equal. */
export function compareTokens(reference: number[][], candidate: number[][]): { positions: number; agree: number } {
  let positions = 0;
  let agree = 0;
  const sequences = Math.max(reference.length, candidate.length);
  for (let s = 0; s < sequences; s++) {
    const ref = reference[s] ?? [];
    const cand = candidate[s] ?? [];
    positions += Math.max(ref.length, cand.length);
    const shared = Math.min(ref.length, cand.length);
    for (let i = 0; i < shared; i++) if (ref[i] === cand[i]) agree += 1;
  }
  return { positions, agree };
}

function argmax(data: ArrayLike<number | bigint>, start: number, length: number): number {
  let best = 0;
  let bestValue = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < length; i++) {
    const v = Number(data[start + i]);
    if (v > bestValue) {
      bestValue = v;
      best = i;
    }
  }
  return best;
}

function sameDims(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}
