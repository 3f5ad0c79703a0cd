/**
 * Elementwise comparison of two tensors of the same shape, for invariance checks.
 */
import type { Tensor } from '@huggingface/transformers';

/** Max absolute difference and the larger max |value| of the two (the scale relative tolerances use). */
export function tensorDiff(a: Tensor, b: Tensor): { maxAbsDiff: number; scale: number } {
  const x = asNumbers(a);
  const y = asNumbers(b);
  if (x.length !== y.length) return { maxAbsDiff: Number.POSITIVE_INFINITY, scale: 0 };
  let maxAbsDiff = 0;
  let scale = 0;
  for (let i = 0; i < x.length; i++) {
    const p = Number(x[i]);
    const q = Number(y[i]);
    const d = Math.abs(p - q);
    if (!(d <= maxAbsDiff)) maxAbsDiff = Number.isNaN(d) ? Number.POSITIVE_INFINITY : d;
    scale = Math.max(scale, Math.abs(p), Math.abs(q));
  }
  return { maxAbsDiff, scale };
}

/** The tensor's values as numbers (float16 decoded; int64 as Number). */
export function asNumbers(t: Tensor): ArrayLike<number | bigint> {
  return t.type === 'float16' ? t.to('float32').data : t.data;
}
