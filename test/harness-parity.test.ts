import { describe, expect, it } from 'vitest';
import { compareOutputs, compareTensor, REFERENCE_CELL, toleranceFor, type ParityOutputs } from '../matrix/harness/parity.js';
import { DTYPES } from '../matrix/harness/types.js';

/** Deterministic logits-like values in [-3, 3]. */
function values(n: number, seed = 1): Float32Array {
  let s = seed;
  return Float32Array.from({ length: n }, () => {
    s = (s * 1103515245 + 12345) % 2 ** 31;
    return (s / 2 ** 31) * 6 - 3;
  });
}

function outputs(logits: Float32Array, dims = [1, 4, 25], extra: ParityOutputs['tensors'] = {}): ParityOutputs {
  return { tensors: { logits: { dims, data: logits }, ...extra } };
}

describe('compareOutputs', () => {
  it('finds identical outputs in perfect agreement', () => {
    const ref = outputs(values(100));
    const scale = Math.max(...values(100).map(Math.abs)); // > 1, so the absolute tolerance scales with it
    const parity = compareOutputs(ref, outputs(values(100)), 'fp32');
    expect(parity).toEqual({
      reference: REFERENCE_CELL,
      cosine: 1,
      maxAbsDiff: 0,
      topAgreement: 1,
      tolerance: { ...toleranceFor('fp32'), maxAbsDiff: toleranceFor('fp32').maxAbsDiff * scale },
      ok: true,
    });
    expect(parity.reason).toBeUndefined();
  });

  it('rejects a perturbation beyond the fp32 tolerance that q4 accepts', () => {
    const ref = values(100);
    const perturbed = ref.map((v, i) => v + (i % 2 === 0 ? 0.05 : -0.05));
    const fp32 = compareOutputs(outputs(ref), outputs(perturbed), 'fp32');
    expect(fp32.ok).toBe(false);
    expect(fp32.maxAbsDiff).toBeCloseTo(0.05, 5);
    expect(fp32.reason).toMatch(/max abs diff/);
    expect(compareOutputs(outputs(ref), outputs(perturbed), 'q4').ok).toBe(true);
  });

  it('rejects a shape mismatch with cosine 0 and says which output', () => {
    const parity = compareOutputs(outputs(values(100)), outputs(values(100), [1, 5, 20]), 'fp16');
    expect(parity).toMatchObject({ ok: false, cosine: 0 });
    expect(parity.reason).toMatch(/"logits" shape \[1,5,20\] differs from reference \[1,4,25\]/);
  });

  it('rejects an output the candidate does not produce, and ignores extra candidate outputs', () => {
    const hidden = { dims: [1, 4], data: values(4, 7) };
    const missing = compareOutputs(outputs(values(100), undefined, { last_hidden_state: hidden }), outputs(values(100)), 'fp32');
    expect(missing).toMatchObject({ ok: false, cosine: 0 });
    expect(missing.reason).toMatch(/"last_hidden_state" missing/);
    expect(compareOutputs(outputs(values(100)), outputs(values(100), undefined, { last_hidden_state: hidden }), 'fp32').ok).toBe(true);
  });

  it('rejects NaN and Inf anywhere in the candidate', () => {
    for (const bad of [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY]) {
      const cand = values(100);
      cand[17] = bad;
      const parity = compareOutputs(outputs(values(100)), outputs(cand), 'q4');
      expect(parity.ok).toBe(false);
      expect(parity.cosine).toBe(0);
      expect(parity.reason).toMatch(/1 NaN\/Inf/);
      // every number survives JSON (task.meta) and the store's finite-number check
      expect(Number.isFinite(parity.maxAbsDiff)).toBe(true);
      expect(JSON.parse(JSON.stringify(parity))).toEqual(parity);
    }
  });

  it('counts a clearly different argmax as disagreement even when cosine and max diff pass', () => {
    // every row: reference [1, 0.7, 0.6 × 8] (top-1 gap 0.3 > q8 tie margin 0.2), candidate [0.84, 0.86, 0.6 × 8]
    // (each value off by 0.16 ≤ 0.2, cosine ≈ 0.994 ≥ 0.99), so only top-1 tells them apart
    const rows = 50;
    const width = 10;
    const ref = new Float32Array(rows * width).fill(0.6);
    const cand = new Float32Array(rows * width).fill(0.6);
    for (let r = 0; r < rows; r++) {
      ref.set([1, 0.7], r * width);
      cand.set([0.84, 0.86], r * width);
    }
    const parity = compareOutputs(outputs(ref, [rows, width]), outputs(cand, [rows, width]), 'q8');
    expect(parity.cosine).toBeGreaterThan(toleranceFor('q8').minCosine);
    expect(parity.maxAbsDiff).toBeLessThanOrEqual(parity.tolerance.maxAbsDiff);
    expect(parity.topAgreement).toBe(0);
    expect(parity.ok).toBe(false);
    expect(parity.reason).toMatch(/top-1\/token agreement 0\.000/);
  });

  it('treats a flip between reference logits closer than the tolerance as a tie', () => {
    const ref = outputs(Float32Array.of(1, 0.999, 0), [1, 3]);
    const cand = outputs(Float32Array.of(0.999, 1, 0), [1, 3]);
    expect(compareOutputs(ref, cand, 'fp32')).toMatchObject({ ok: true, topAgreement: 1 });
    // plain top-1 (no tie margin) sees the flip
    expect(compareTensor('logits', ref.tensors.logits!, cand.tensors.logits!).topAgree).toBe(0);
  });

  it('uses top-1 only on logits-like tensors', () => {
    const a = compareTensor('last_hidden_state', { dims: [2, 3], data: [1, 2, 3, 3, 2, 1] }, { dims: [2, 3], data: [3, 2, 1, 1, 2, 3] });
    expect(a.topRows).toBe(0);
    const b = compareTensor('start_logits', { dims: [2, 3], data: [1, 2, 3, 3, 2, 1] }, { dims: [2, 3], data: [1, 2, 3, 1, 2, 3] });
    expect(b).toMatchObject({ topRows: 2, topAgree: 1 });
  });

  it('agrees on empty tensors of the same shape', () => {
    const empty = { tensors: { logits: { dims: [1, 0, 25], data: new Float32Array(0) } } };
    expect(compareOutputs(empty, empty, 'fp16')).toMatchObject({ ok: true, cosine: 1, maxAbsDiff: 0 });
  });

  it('compares bigint data as numbers', () => {
    const ref = { tensors: { ids: { dims: [3], data: BigInt64Array.of(1n, 2n, 3n) } } };
    expect(compareOutputs(ref, { tensors: { ids: { dims: [3], data: BigInt64Array.of(1n, 2n, 3n) } } }, 'fp32').ok).toBe(true);
    const off = compareOutputs(ref, { tensors: { ids: { dims: [3], data: BigInt64Array.of(1n, 2n, 4n) } } }, 'fp32');
    expect(off).toMatchObject({ ok: false, maxAbsDiff: 1 });
  });

  it('scores generated tokens position by position, counting length differences against', () => {
    const ref: ParityOutputs = { tensors: {}, tokens: [[5, 6, 7, 8], [1, 2]] };
    expect(compareOutputs(ref, { tensors: {}, tokens: [[5, 6, 7, 8], [1, 2]] }, 'q4')).toMatchObject({ ok: true, topAgreement: 1 });
    // 3 of 4 agree in the first sequence, 1 of 2 in the second: 4 of 6 positions
    const partly = compareOutputs(ref, { tensors: {}, tokens: [[5, 6, 7, 9], [1, 9]] }, 'q4');
    expect(partly.topAgreement).toBeCloseTo(4 / 6, 10);
    expect(partly.ok).toBe(false);
    // a missing second sequence and two missing tokens count as 4 disagreeing positions
    const shorter = compareOutputs(ref, { tensors: {}, tokens: [[5, 6]] }, 'q4');
    expect(shorter.topAgreement).toBeCloseTo(2 / 6, 10);
  });

  it('is not ok when there is nothing to compare', () => {
    const parity = compareOutputs({ tensors: {} }, { tensors: {} }, 'fp32');
    expect(parity).toMatchObject({ ok: false, cosine: 0, reason: 'no outputs to compare' });
  });

  it('rejects a sign-flipped output (cosine −1)', () => {
    const ref = values(100);
    const parity = compareOutputs(outputs(ref), outputs(ref.map((v) => -v)), 'q4');
    expect(parity.cosine).toBeCloseTo(-1, 6);
    expect(parity.ok).toBe(false);
  });

  it('names the reference cell it was given', () => {
    expect(compareOutputs(outputs(values(100)), outputs(values(100)), 'fp16', 'node/cpu/fp32@run-7').reference).toBe('node/cpu/fp32@run-7');
  });
});

describe('toleranceFor', () => {
  it('loosens from fp32 to fp16 to q8 to q4', () => {
    const [fp32, fp16, q8, q4] = DTYPES.map(toleranceFor) as [ReturnType<typeof toleranceFor>, ...ReturnType<typeof toleranceFor>[]];
    const order = [fp32, fp16!, q8!, q4!];
    for (let i = 1; i < order.length; i++) {
      expect(order[i]!.minCosine).toBeLessThan(order[i - 1]!.minCosine);
      expect(order[i]!.maxAbsDiff).toBeGreaterThan(order[i - 1]!.maxAbsDiff);
      expect(order[i]!.minTopAgreement).toBeLessThanOrEqual(order[i - 1]!.minTopAgreement);
    }
  });

  it('returns a copy and rejects an unknown dtype', () => {
    const t = toleranceFor('fp16');
    t.minCosine = 0;
    expect(toleranceFor('fp16').minCosine).toBe(0.999);
    expect(() => toleranceFor('int3' as never)).toThrow(/valid: fp32, fp16, q8, q4/);
  });
});
