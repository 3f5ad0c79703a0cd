/**
 * Deterministic inputs for any forged model, from its graph's input metadata: batch 1, sequence 8, empty
 * caches (past dims 0), int64 ids 1..7, attention masks of ones, position ids 0.., float inputs uniform in
 * [-1, 1). Returns a string saying why when an input cannot be made (e.g. a non-empty float16 state).
 */
import type { OrtModule, OrtTensor } from '../matrix/devices/load-ort.js';
import type { Dtype } from '../matrix/harness/types.js';

export type InputMeta = { name: string; type?: string; shape?: Array<number | string> };

/** Deterministic inputs from the graph's input metadata (batch 1, sequence 8, empty caches). */
export function syntheticFeeds(ort: OrtModule, metadata: InputMeta[], dtype: Dtype): Record<string, OrtTensor> | string {
  const feeds: Record<string, OrtTensor> = {};
  let seed = 12345;
  const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31) * 2 - 1;
  for (const m of metadata) {
    const dims = (m.shape ?? []).map((d) => {
      if (typeof d === 'number') return d;
      if (/batch/i.test(d)) return 1;
      if (/past/i.test(d)) return 0;
      return 8;
    });
    const size = dims.reduce((a, b) => a * b, 1);
    const name = m.name;
    if (m.type === 'int64') {
      const values = Array.from({ length: size }, (_, i) =>
        /mask/.test(name) ? 1n : /position/.test(name) ? BigInt(i % (dims.at(-1) ?? 1)) : /token_type/.test(name) ? 0n : BigInt(1 + (i % 7)),
      );
      feeds[name] = new ort.Tensor('int64', BigInt64Array.from(values), dims);
    } else if (m.type === 'float32') {
      feeds[name] = new ort.Tensor('float32', Float32Array.from({ length: size }, rand), dims);
    } else if (m.type === 'float16') {
      if (size !== 0) return `float16 input ${name} with data (${dtype})`;
      feeds[name] = new ort.Tensor('float16', new Uint16Array(0), dims);
    } else if (m.type === 'bool') {
      feeds[name] = new ort.Tensor('bool', Uint8Array.from({ length: size }, () => 1), dims);
    } else {
      return `input ${name} of type ${m.type}`;
    }
  }
  return feeds;
}

