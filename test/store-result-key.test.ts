// Issue 16 finding 9: result keys are collision-free. Segments are encoded reversibly inside the
// leaderboard's `[A-Za-z0-9._=-]` alphabet instead of collapsing every other character to `_`, and the
// keys of plain ids stay exactly what they were.
import { describe, expect, it } from 'vitest';
import type { CellKey } from '../matrix/harness/types.js';
import { InvalidCellError } from '../matrix/store/errors.js';
import { decodeSegment, encodeSegment, resultKey } from '../matrix/store/result-key.js';

const key = (modelId: string, extra: Partial<CellKey> = {}): CellKey => ({
  family: 'bert', archKind: 'encoder-only', task: 'feature-extraction', modelId, platform: 'node', device: 'cpu', dtype: 'fp32', batchSize: 1, ...extra,
});

describe('result keys', () => {
  it('org/a b, org/a_b, org/a+b and org/a#b give four keys, all in [A-Za-z0-9._=-]', () => {
    const ids = ['org/a b', 'org/a_b', 'org/a+b', 'org/a#b', 'org/a=20b', 'org/a=5Fb'];
    const keys = ids.map((id) => resultKey(key(id)));
    expect(new Set(keys).size).toBe(ids.length);
    for (const k of keys) for (const segment of k.split('/')) expect(segment).toMatch(/^[A-Za-z0-9._=-]+$/);
    expect(keys.slice(0, 4)).toEqual([
      'feature-extraction/org/a=20b/node_warm_cpu_fp32_b1',
      'feature-extraction/org/a_b/node_warm_cpu_fp32_b1',
      'feature-extraction/org/a=2Bb/node_warm_cpu_fp32_b1',
      'feature-extraction/org/a=23b/node_warm_cpu_fp32_b1',
    ]);
  });

  it('plain ids keep their keys (including the _s/_i/_browser suffixes)', () => {
    expect(resultKey(key('Xenova/all-MiniLM-L6-v2'))).toBe('feature-extraction/Xenova/all-MiniLM-L6-v2/node_warm_cpu_fp32_b1');
    expect(resultKey(key('forged/bert', { seqLength: 128, imageSize: 224 }))).toBe('feature-extraction/forged/bert/node_warm_cpu_fp32_b1_s128_i224');
    expect(resultKey(key('bert', { platform: 'web', device: 'webgpu', browser: 'chromium' }))).toBe('feature-extraction/_/bert/web_warm_webgpu_fp32_b1_chromium');
  });

  it('no organisation and an organisation named "_" do not meet', () => {
    expect(resultKey(key('bert'))).not.toBe(resultKey(key('_/bert')));
  });

  it('encoding is reversible, for non-ASCII and dots-only values too', () => {
    for (const value of ['a b', 'a_b', 'a+b', 'a#b', 'a=b', 'ü/ñ 模型', '..', '.', 'plain-1.0_x']) {
      const encoded = encodeSegment(value, 'model name');
      expect(encoded).toMatch(/^[A-Za-z0-9._=-]+$/);
      expect(encoded).not.toMatch(/^\.+$/);
      expect(decodeSegment(encoded)).toBe(value);
    }
  });

  it('bad input: an empty segment, and a malformed escape when decoding', () => {
    expect(() => encodeSegment('', 'model org')).toThrow(InvalidCellError);
    expect(() => resultKey(key('org/'))).toThrow(/empty/);
    expect(() => decodeSegment('a=2')).toThrow(/malformed escape/);
    expect(() => decodeSegment('a b')).toThrow(/outside/);
  });
});
