import { readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useFamily, type CellBody, type CellResult } from '../matrix/harness/index.js';
import { checkCell } from '../matrix/store/check-cell.js';
import { CPU_ONLY, copyForged, fakeContext, forgeInto, removeDir } from './harness-fixtures.js';

const FILL_MASK = { task: 'fill-mask', autoClass: 'AutoModelForMaskedLM', modelClass: 'BertForMaskedLM' };

const fillMask: CellBody = async (m) => {
  const inputs = await m.tokenize(['The capital of France is [MASK].']);
  const out = await m.measure(() => m.forward(inputs), { items: 1 });
  return { logits: out.logits };
};

let forged = '';
const damaged: string[] = [];
beforeAll(async () => {
  forged = await forgeInto(['bert']);
});
afterAll(() => [forged, ...damaged].forEach(removeDir));

/** Runs the fp32 cell of bert fill-mask against a damaged copy of the forged set. */
async function runDamaged(damage: (modelDir: string) => void, body: CellBody = fillMask, dtype = 'fp32'): Promise<CellResult> {
  const dir = copyForged(forged);
  damaged.push(dir);
  damage(join(dir, 'bert', 'fill-mask'));
  const fam = await useFamily({ family: 'bert', archKind: 'encoder-only' }, { devices: CPU_ONLY, forgedDir: dir, env: { MATRIX_DTYPES: dtype } });
  const [cell] = fam.cells(FILL_MASK);
  return (await cell!.execute(body)).result;
}

describe('bad model files fail at stage load, never crash the run', () => {
  it('a truncated ONNX file: load/corrupt-model, naming the file (issue 16 #7)', async () => {
    const result = await runDamaged((d) => {
      const file = join(d, 'onnx', 'model.onnx');
      truncateSync(file, Math.floor(readFileSync(file).length / 3));
    });
    expect(result).toMatchObject({ status: 'fail', stage: 'load', errorType: 'corrupt-model', source: 'forged', inference: 'real' });
    expect(result.status === 'fail' && result.message).toMatch(/bert\/fill-mask\/onnx\/model\.onnx/);
  });

  it('a corrupt ONNX file (garbage bytes)', async () => {
    const result = await runDamaged((d) => writeFileSync(join(d, 'onnx', 'model.onnx'), 'this is not a protobuf'));
    expect(result).toMatchObject({ status: 'fail', stage: 'load' });
  });

  it('a missing tokenizer', async () => {
    const result = await runDamaged((d) => {
      rmSync(join(d, 'tokenizer.json'));
      rmSync(join(d, 'tokenizer_config.json'));
    });
    expect(result).toMatchObject({ status: 'fail', stage: 'load', errorType: 'missing-file' });
  });

  it('a config.json without model_type', async () => {
    const result = await runDamaged((d) => {
      const config = JSON.parse(readFileSync(join(d, 'config.json'), 'utf8')) as Record<string, unknown>;
      delete config.model_type;
      writeFileSync(join(d, 'config.json'), JSON.stringify(config));
    });
    expect(result).toMatchObject({ status: 'fail', stage: 'load', errorType: 'corrupt-model' });
    expect(result.status === 'fail' && result.message).toMatch(/bert\/fill-mask\/config\.json has no "model_type"/);
  });

  it('a config.json or tokenizer.json that is not JSON: load/corrupt-model, naming the file (issue 16 #7)', async () => {
    for (const [file, text] of [['config.json', "{ model_type: 'bert', }"], ['tokenizer.json', '{"model": ']] as const) {
      const result = await runDamaged((d) => writeFileSync(join(d, file), text));
      expect(result).toMatchObject({ status: 'fail', stage: 'load', errorType: 'corrupt-model' });
      expect(result.status === 'fail' && result.message).toContain(`fill-mask/${file} is not valid JSON`);
      expect(() => checkCell(result)).not.toThrow(); // the store accepts the new type
    }
  });

  it('a dtype whose graph file is missing is unsupported, naming the file', async () => {
    const result = await runDamaged((d) => rmSync(join(d, 'onnx', 'model_q4.onnx')), fillMask, 'q4');
    expect(result).toMatchObject({ status: 'unsupported', reason: 'no q4 graph: onnx/model_q4.onnx missing' });
  });
});

describe('a failing body is classified by stage', () => {
  async function runBody(body: CellBody, options: { cellTimeoutMs?: number } = {}): Promise<CellResult> {
    const fam = await useFamily({ family: 'bert', archKind: 'encoder-only' }, { devices: CPU_ONLY, forgedDir: forged, env: { MATRIX_DTYPES: 'fp32' }, ...options });
    return (await fam.cells(FILL_MASK)[0]!.execute(body)).result;
  }

  it('an error thrown by the body itself → postprocess', async () => {
    const result = await runBody(async (m) => {
      await m.forward(await m.tokenize(['hello']));
      throw new Error('decoding went wrong');
    });
    expect(result).toMatchObject({ status: 'fail', stage: 'postprocess', errorType: 'unknown', message: expect.stringContaining('decoding went wrong') });
  });

  it('a failing expect → assert / assertion', async () => {
    const result = await runBody(async (m) => {
      const out = await m.forward(await m.tokenize(['hello']));
      expect(out.logits.dims).toEqual([1, 2, 3]);
    });
    expect(result).toMatchObject({ status: 'fail', stage: 'assert', errorType: 'assertion' });
  });

  it('bad inputs to the graph → infer', async () => {
    const result = await runBody(async (m) => {
      const inputs = await m.tokenize(['hello']);
      await m.forward({ input_ids: inputs.input_ids });
    });
    expect(result).toMatchObject({ status: 'fail', stage: 'infer' });
  });

  it('a cell that runs past its timeout → fail with type timeout', async () => {
    const result = await runBody(
      async (m) => {
        await m.tokenize(['hello']);
        await new Promise((resolve) => setTimeout(resolve, 2_000));
      },
      { cellTimeoutMs: 300 },
    );
    expect(result).toMatchObject({ status: 'fail', errorType: 'timeout', stage: 'postprocess' });
  });
});

describe('cell.run turns the result into the vitest outcome', () => {
  it('pass: stores the cell in task.meta.matrix and returns', async () => {
    const fam = await useFamily({ family: 'bert', archKind: 'encoder-only' }, { devices: CPU_ONLY, forgedDir: forged, env: { MATRIX_DTYPES: 'fp32' } });
    const { ctx, record } = fakeContext();
    await fam.cells(FILL_MASK)[0]!.run(ctx, fillMask);
    expect(record.meta.matrix).toMatchObject({ status: 'pass', source: 'forged' });
  });

  it('fail: stores the cell, then fails the test with the stage and type', async () => {
    const fam = await useFamily({ family: 'bert', archKind: 'encoder-only' }, { devices: CPU_ONLY, forgedDir: forged, env: { MATRIX_DTYPES: 'fp32' } });
    const { ctx, record } = fakeContext();
    await expect(fam.cells(FILL_MASK)[0]!.run(ctx, async () => Promise.reject(new Error('boom')))).rejects.toThrow('[postprocess/unknown] boom');
    expect(record.meta.matrix).toMatchObject({ status: 'fail', stage: 'postprocess' });
  });

  it('unsupported: stores the cell and skips with the reason', async () => {
    const fam = await useFamily({ family: 'bert', archKind: 'encoder-only' }, { devices: CPU_ONLY, forgedDir: forged, env: { MATRIX_DTYPES: 'fp32' } });
    const { ctx, record } = fakeContext();
    expect(() => fam.cells({ task: 'mask-generation', autoClass: 'AutoModelForMaskGeneration', modelClass: 'SamModel' })[0]!.noDriver(ctx)).toThrow(/skipped/);
    expect(record.skipped).toBe('harness has no driver for task mask-generation (AutoModelForMaskGeneration) yet');
    expect(record.meta.matrix).toMatchObject({ status: 'unsupported', source: 'mock' });
  });
});
