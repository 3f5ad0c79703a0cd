/**
 * Initializers too large to hold all at once (models at real dimensions): the tensor's `data` is a
 * getter that computes the values on each read, so a writer can stream them to disk one tensor at a
 * time and let each go. Tiny models never use it (see LAZY_MIN_ELEMENTS), so their bytes are unchanged.
 */
import type { ElemType } from './elem-type.js';
import type { TensorData, TensorIR } from './forge-graph.js';

/** Weights with at least this many elements (16 MiB of float32) are computed on read, not held. */
export const LAZY_MIN_ELEMENTS = 1 << 22;

const LAZY = Symbol('lazy tensor');

/** A TensorIR whose `data` is computed by `compute` on every read (enumerable, so spreads still see it). */
export function lazyTensor(name: string, elemType: ElemType, dims: number[], compute: () => TensorData): TensorIR {
  const tensor = { name, elemType, dims } as unknown as TensorIR;
  Object.defineProperty(tensor, 'data', { get: compute, enumerable: true });
  // Not enumerable: a spread (`{ ...t }`) reads the data once and gives a plain, held tensor.
  Object.defineProperty(tensor, LAZY, { value: true, enumerable: false });
  return tensor;
}

/** True when the tensor's data is computed on read. */
export function isLazyTensor(t: TensorIR): boolean {
  return (t as unknown as Record<symbol, unknown>)[LAZY] === true;
}

/** Element count from the dims, without reading the data. */
export function elementCount(t: Pick<TensorIR, 'dims'>): number {
  return t.dims.reduce((a, b) => a * b, 1);
}

/**
 * A cache of one entry: the tensors one source yields (an int8 weight and its scales) are read one after
 * another by the writer, so each source is computed once, and let go when the next source is read.
 */
export function lastOnly(): <T>(key: string, compute: () => T) => T {
  let lastKey: string | undefined;
  let last: unknown;
  return <T>(key: string, compute: () => T): T => {
    if (key !== lastKey) {
      last = undefined;
      last = compute();
      lastKey = key;
    }
    return last as T;
  };
}
