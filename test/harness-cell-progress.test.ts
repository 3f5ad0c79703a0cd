// The harness reports each stage a running cell enters (matrix/harness/cell-progress.ts), which the matrix
// reporter's setup file journals so that a cell whose worker dies is stored at the stage it reached; a listener
// that throws never fails the cell, and without a listener nothing happens.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { setCellProgressListener, type CellProgress } from '../matrix/harness/cell-progress.js';
import { useFamily, type CellBody } from '../matrix/harness/index.js';
import { CPU_ONLY, forgeInto, removeDir } from './harness-fixtures.js';

const FILL_MASK = { task: 'fill-mask', autoClass: 'AutoModelForMaskedLM', modelClass: 'BertForMaskedLM' };
const body: CellBody = async (m) => {
  const inputs = await m.tokenize(['The capital of France is [MASK].']);
  return { logits: (await m.forward(inputs)).logits };
};

let forged = '';
beforeAll(async () => {
  forged = await forgeInto(['bert']);
});
afterAll(() => removeDir(forged));
afterEach(() => setCellProgressListener(undefined));

async function fp32Cell() {
  const fam = await useFamily({ family: 'bert', archKind: 'encoder-only' }, { devices: CPU_ONLY, forgedDir: forged, env: { MATRIX_DTYPES: 'fp32' } });
  return fam.cells(FILL_MASK)[0]!;
}

describe('cell progress', () => {
  it('tells the listener every stage the cell enters, with its key, source and inference', async () => {
    const seen: CellProgress[] = [];
    setCellProgressListener((p) => seen.push(p));
    const cell = await fp32Cell();
    const { result } = await cell.execute(body);
    expect(result.status).toBe('pass');
    expect(seen.map((p) => p.stage)).toEqual(['resolve', 'load', 'postprocess']);
    for (const p of seen) expect(p).toMatchObject({ key: { family: 'bert', task: 'fill-mask', dtype: 'fp32' }, source: 'forged', inference: 'real' });
  });

  it('a listener that throws does not fail the cell; no listener, nothing happens', async () => {
    setCellProgressListener(() => {
      throw new Error('listener broke');
    });
    expect((await (await fp32Cell()).execute(body)).result.status).toBe('pass');
    setCellProgressListener(undefined);
    expect((await (await fp32Cell()).execute(body)).result.status).toBe('pass');
  });
});
