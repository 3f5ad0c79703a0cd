import { Tensor } from '@huggingface/transformers';
import { describe, expect, it } from 'vitest';
import { decodeValue, encodeValue } from '../matrix/browser/index.js';

const noHandles = (v: object): v is { pageId: number } => false;

describe('the page wire format', () => {
  it('carries float, int64, bool and string tensors, bigints and nested objects there and back', () => {
    const value = {
      logits: new Tensor('float32', Float32Array.of(0.5, -1.25, 3), [1, 3]),
      input_ids: new Tensor('int64', BigInt64Array.of(101n, -2n, 9007199254740993n), [1, 3]),
      mask: new Tensor('bool', Uint8Array.of(1, 0), [2]),
      words: new Tensor('string', ['a', 'b'], [2]),
      nested: [{ id: 7n, keep: true, drop: undefined, fn: () => 1 }],
    };
    const wire = JSON.parse(JSON.stringify(encodeValue(value, noHandles)));
    const back = decodeValue(wire) as Record<string, unknown>;
    const logits = back.logits as Tensor;
    expect(logits).toBeInstanceOf(Tensor);
    expect([logits.type, logits.dims, Array.from(logits.data as Float32Array)]).toEqual(['float32', [1, 3], [0.5, -1.25, 3]]);
    expect(Array.from((back.input_ids as Tensor).data as BigInt64Array)).toEqual([101n, -2n, 9007199254740993n]);
    expect((back.mask as Tensor).type).toBe('bool');
    expect(Array.from((back.words as Tensor).data as unknown as string[])).toEqual(['a', 'b']);
    expect(back.nested).toEqual([{ id: 7n, keep: true }]);
  });

  it('encodes a page model as its handle, and rejects a tensor type it has no array for', () => {
    const model = { pageId: 4, sessions: {} };
    const isHandle = (v: object): v is { pageId: number } => v === model;
    expect(encodeValue({ vocoder: model }, isHandle)).toEqual({ vocoder: { $m: 4 } });
    expect(() => decodeValue({ $t: 'complex64', dims: [1], b64: '' })).toThrow(/tensor type "complex64" from the page has no typed array; known: float32/);
  });
});
