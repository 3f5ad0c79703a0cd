// Issue 19 part 3: a `device: 'auto'` cell per task runs what transformers.js does with device 'auto'
// (and no dtype), records where it ended (resolvedDevice) or how it failed, and never fails its test.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { planCells } from '../matrix/harness/plan-cells.js';
import { useFamily, type CellBody } from '../matrix/harness/index.js';
import { AUTO_DEVICE_ORDER } from '../matrix/harness/types.js';
import { checkCell } from '../matrix/store/check-cell.js';
import { resultKey } from '../matrix/store/result-key.js';
import { CPU_ONLY, fakeContext, forgeInto, removeDir } from './harness-fixtures.js';

const FILL_MASK = { task: 'fill-mask', autoClass: 'AutoModelForMaskedLM', modelClass: 'BertForMaskedLM' };
const fillMask: CellBody = async (m) => {
  const out = await m.measure(async () => m.forward(await m.tokenize(['The capital of France is [MASK].'])), { items: 1 });
  return { logits: out.logits };
};

let forged = '';
beforeAll(async () => {
  forged = await forgeInto(['bert']);
});
afterAll(() => removeDir(forged));

describe('planCells: the auto cell', () => {
  it('comes last, once, with fp32, when asked for or named in MATRIX_DEVICES; never when filtered out', () => {
    const names = (env: NodeJS.ProcessEnv, auto?: boolean) => planCells(CPU_ONLY, env, { auto }).map((c) => `${c.device}/${c.dtype}`);
    expect(names({}, true)).toEqual(['cpu/fp32', 'cpu/fp16', 'cpu/q8', 'cpu/q4', 'auto/fp32']);
    expect(names({})).toEqual(['cpu/fp32', 'cpu/fp16', 'cpu/q8', 'cpu/q4']);
    expect(names({ MATRIX_DEVICES: 'cpu,auto', MATRIX_DTYPES: 'fp32' })).toEqual(['cpu/fp32', 'auto/fp32']);
    expect(names({ MATRIX_DEVICES: 'cpu' }, true)).toEqual(['cpu/fp32', 'cpu/fp16', 'cpu/q8', 'cpu/q4']);
    expect(names({ MATRIX_DTYPES: 'q8' }, true)).toEqual(['cpu/q8']);
    expect(() => planCells(CPU_ONLY, { MATRIX_DEVICES: 'automatic' })).toThrow(/valid: cpu, cuda, webgpu, dml, coreml, auto/);
  });
});

describe('the auto cell on a forged model', () => {
  it('is a storable cell keyed node_warm_auto_fp32: it ends on the first provider of transformers.js’s order, or fails at load', async () => {
    const fam = await useFamily({ family: 'bert', archKind: 'encoder-only' }, { devices: CPU_ONLY, forgedDir: forged, env: { MATRIX_DTYPES: 'fp32' }, auto: true });
    const cells = fam.cells(FILL_MASK);
    expect(cells.map((c) => c.key.device)).toEqual(['cpu', 'auto']);
    await cells[0]!.execute(fillMask); // the reference
    const { ctx, record } = fakeContext();
    await cells[1]!.run(ctx, fillMask); // never throws, whatever auto did
    const result = checkCell(record.meta.matrix);
    expect(resultKey(result.key)).toBe('fill-mask/forged/bert/node_warm_auto_fp32_b1');
    if (result.status === 'fail') {
      // e.g. Linux x64 without CUDA's libraries: transformers.js hands ORT cuda first and the session fails.
      expect(result.stage).toBe('load');
      expect(result.resolvedDevice).toBeUndefined();
    } else {
      expect(['pass', 'mismatch']).toContain(result.status);
      expect(AUTO_DEVICE_ORDER.node).toContain(result.resolvedDevice);
      expect(result.notes?.join('\n')).toContain("device 'auto'");
    }
  });
});
