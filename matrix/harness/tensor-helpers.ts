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

/** Index of the largest value in each row of a `[batch, n]` tensor. */
export function argmaxRows(t: Tensor): number[] {
  const data = asNumbers(t);
  const [b, n] = [t.dims[0]!, t.dims.slice(1).reduce((a, d) => a * d, 1)];
  return Array.from({ length: b }, (_, r) => {
    let best = 0;
    for (let k = 1; k < n; k++) if (Number(data[r * n + k]) > Number(data[r * n + best])) best = k;
    return best;
  });
}
