// Issue 16 finding 7: a damaged model folder fails at load with a specific type that names the file:
// config.json that is not JSON, config.json without model_type, and a truncated ONNX file are
// `load/corrupt-model` (on commit 1943e2f they were `load/unknown` without the file name).
import { readFileSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkCell } from '../matrix/store/check-cell.js';
import { useFamily, type CellBody, type CellResult } from '../matrix/harness/index.js';
import { CPU_ONLY, copyForged, forgeInto, removeDir } from './harness-fixtures.js';

const FILL_MASK = { task: 'fill-mask', autoClass: 'AutoModelForMaskedLM', modelClass: 'BertForMaskedLM' };
const fillMask: CellBody = async (m) => {
  const out = await m.measure(async () => m.forward(await m.tokenize(['The capital of France is [MASK].'])), { items: 1 });
  return { logits: out.logits };
};

let forged = '';
const damaged: string[] = [];
beforeAll(async () => {
  forged = await forgeInto(['bert']);
});
afterAll(() => [forged, ...damaged].forEach(removeDir));

/** Damages a copy of the forged bert fill-mask folder, runs its fp32 cell; returns the result and the folder. */
async function runDamaged(damage: (modelDir: string) => void): Promise<{ result: CellResult; modelDir: string }> {
  const dir = copyForged(forged);
  damaged.push(dir);
  const modelDir = join(dir, 'bert', 'fill-mask');
  damage(modelDir);
  const fam = await useFamily({ family: 'bert', archKind: 'encoder-only' }, { devices: CPU_ONLY, forgedDir: dir, env: { MATRIX_DTYPES: 'fp32' } });
  return { result: (await fam.cells(FILL_MASK)[0]!.execute(fillMask)).result, modelDir };
}

describe('a damaged model folder is load/corrupt-model and names the file', () => {
  it('config.json that is not JSON', async () => {
    const { result, modelDir } = await runDamaged((d) => writeFileSync(join(d, 'config.json'), "{ model_type: 'bert', }"));
    expect(result).toMatchObject({ status: 'fail', stage: 'load', errorType: 'corrupt-model' });
    expect(result.status === 'fail' && result.message).toContain(`${join(modelDir, 'config.json')} is not valid JSON`);
    expect(() => checkCell(result)).not.toThrow(); // the store accepts the new type
  });

  it('config.json without model_type says so, naming config.json', async () => {
    const { result, modelDir } = await runDamaged((d) => {
      const config = JSON.parse(readFileSync(join(d, 'config.json'), 'utf8')) as Record<string, unknown>;
      delete config.model_type;
      writeFileSync(join(d, 'config.json'), JSON.stringify(config));
    });
    expect(result).toMatchObject({ status: 'fail', stage: 'load', errorType: 'corrupt-model' });
    expect(result.status === 'fail' && result.message).toContain(`${join(modelDir, 'config.json')} has no "model_type"`);
  });

  it('a truncated ONNX file', async () => {
    const { result, modelDir } = await runDamaged((d) => {
      const file = join(d, 'onnx', 'model.onnx');
      truncateSync(file, Math.floor(readFileSync(file).length / 2));
    });
    expect(result).toMatchObject({ status: 'fail', stage: 'load', errorType: 'corrupt-model' });
    expect(result.status === 'fail' && result.message).toContain(join(modelDir, 'onnx', 'model.onnx'));
  });

  it('a tokenizer.json that is not JSON names it too', async () => {
    const { result, modelDir } = await runDamaged((d) => writeFileSync(join(d, 'tokenizer.json'), '{"model": '));
    expect(result).toMatchObject({ status: 'fail', stage: 'load', errorType: 'corrupt-model' });
    expect(result.status === 'fail' && result.message).toContain(join(modelDir, 'tokenizer.json'));
  });
});
