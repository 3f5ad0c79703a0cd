/**
 * Small tensor views generated tests use to state invariants readably (batch == single, padding,
 * new tokens). Plain functions over transformers.js Tensors; no model involved.
 */
import type { Tensor } from '@huggingface/transformers';
import { asNumbers } from './tensor-diff.js';

/** Batch row `index` of `t`, keeping the batch dimension (`[1, ...]`). */
export function batchRow(t: Tensor, index: number): Tensor {
  return t.slice([index, index + 1]);
}

/** The first `count` positions along dimension 1 (sequence), all batch rows. */
export function firstPositions(t: Tensor, count: number): Tensor {
  return t.slice(null, [0, count]);
}

/** The last `count` positions along dimension 1 (sequence), all batch rows. */
export function lastPositions(t: Tensor, count: number): Tensor {
  const length = t.dims[1]!;
  return t.slice(null, [length - count, length]);
}

/** Token ids of an int64 `[batch, length]` tensor as number rows. */
export function tokenRows(t: Tensor): number[][] {
  return (t.tolist() as Array<Array<number | bigint>>).map((row) => row.map(Number));
}

/** The ids generated after a prompt of `promptLength` tokens, per row. */
export function newTokens(sequences: Tensor, promptLength: number): number[][] {
  return tokenRows(sequences).map((row) => row.slice(promptLength));
}

/** Number of real (unmasked) tokens in each row of an attention mask. */
export function realLengths(attentionMask: Tensor): number[] {
  return tokenRows(attentionMask).map((row) => row.reduce((a, v) => a + (v !== 0 ? 1 : 0), 0));
}

/** True when every value of `t` is a finite number. */
export function allFinite(t: Tensor): boolean {
  const data = asNumbers(t);
  for (let i = 0; i < data.length; i++) if (typeof data[i] === 'number' && !Number.isFinite(data[i])) return false;
  return true;
}

/** Index of the largest value in each row of a `[batch, n]` tensor (or of number rows). */
export function argmaxRows(t: Tensor | number[][]): number[] {
  return (Array.isArray(t) ? t : rows(t)).map((row) => row.reduce((best, v, k) => (v > row[best]! ? k : best), 0));
}

/** L2 norm of each batch row of `t` (everything after dimension 0 is the row). */
export function rowNorms(t: Tensor): number[] {
  const data = asNumbers(t);
  const [b, n] = [t.dims[0]!, t.dims.slice(1).reduce((a, d) => a * d, 1)];
  return Array.from({ length: b }, (_, r) => {
    let sum = 0;
    for (let k = 0; k < n; k++) sum += Number(data[r * n + k]) ** 2;
    return Math.sqrt(sum);
  });
}

/** Cosine similarity of every row of `a` `[m, d]` with every row of `b` `[n, d]`, as an `[m, n]` number matrix. */
export function cosineMatrix(a: Tensor, b: Tensor): number[][] {
  const [x, y] = [asNumbers(a), asNumbers(b)];
  const d = a.dims.slice(1).reduce((p, v) => p * v, 1);
  if (b.dims.slice(1).reduce((p, v) => p * v, 1) !== d) throw new RangeError(`cosineMatrix: rows of [${a.dims}] and [${b.dims}] differ in width`);
  const [na, nb] = [rowNorms(a), rowNorms(b)];
  return na.map((normA, i) =>
    nb.map((normB, j) => {
      let dot = 0;
      for (let k = 0; k < d; k++) dot += Number(x[i * d + k]) * Number(y[j * d + k]);
      return dot / Math.max(normA * normB, 1e-12);
    }),
  );
}

/** Values of a `[m, n]` tensor as number rows. */
export function rows(t: Tensor): number[][] {
  const data = asNumbers(t);
  const [m, n] = [t.dims[0]!, t.dims.slice(1).reduce((p, v) => p * v, 1)];
  return Array.from({ length: m }, (_, r) => Array.from({ length: n }, (_, k) => Number(data[r * n + k])));
}
