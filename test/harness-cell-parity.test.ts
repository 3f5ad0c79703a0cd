import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useFamily, type CellBody } from '../matrix/harness/index.js';
import { CPU_ONLY, fakeContext, forgeInto, removeDir } from './harness-fixtures.js';

const FILL_MASK = { task: 'fill-mask', autoClass: 'AutoModelForMaskedLM', modelClass: 'BertForMaskedLM' };

let forged = '';
beforeAll(async () => {
  forged = await forgeInto(['bert']);
});
afterAll(() => removeDir(forged));

async function cells(dtypes: string) {
  const fam = await useFamily({ family: 'bert', archKind: 'encoder-only' }, { devices: CPU_ONLY, forgedDir: forged, env: { MATRIX_DTYPES: dtypes } });
  return fam.cells(FILL_MASK);
}

describe('parity against the cpu/fp32 reference', () => {
  it('a q8 cell that agrees with fp32 passes with its parity recorded', async () => {
    const body: CellBody = async (m) => {
      const inputs = await m.tokenize(['The capital of France is [MASK].']);
      return { logits: (await m.measure(() => m.forward(inputs), { items: 1 })).logits };
    };
    const [reference, q8] = await cells('fp32,q8');
    const ref = (await reference!.execute(body)).result;
    expect(ref.status).toBe('pass');
    expect(ref.status === 'pass' && ref.parity).toBeFalsy();
    const { result } = await q8!.execute(body);
    expect(result).toMatchObject({ status: 'pass', parity: { reference: 'node/cpu/fp32', ok: true } });
  });

  it('a cell whose outputs disagree is a mismatch, and fails its test with the numbers', async () => {
    // A stand-in for a silently wrong kernel: the q8 cell's logits come out negated.
    const body: CellBody = async (m) => {
      const inputs = await m.tokenize(['The capital of France is [MASK].']);
      const logits = (await m.measure(() => m.forward(inputs), { items: 1 })).logits;
      return { logits: m.dtype === 'fp32' ? logits : logits.mul(-1) };
    };
    const [reference, q8] = await cells('fp32,q8');
    await reference!.execute(body);
    const { ctx, record } = fakeContext();
    await expect(q8!.run(ctx, body)).rejects.toThrow(/\[mismatch\] outputs disagree with node\/cpu\/fp32: cosine -0\.99\d+ \(min [\d.]+\)/);
    expect(record.meta.matrix).toMatchObject({ status: 'mismatch', inference: 'real', parity: { ok: false } });
    const m = record.meta.matrix;
    expect(m?.status === 'mismatch' && m.measurements.latency.samples).toBeGreaterThan(0);
  });

  it('runs the body once on cpu/fp32, unmeasured, when the reference cell is not part of the run', async () => {
    const seen: string[] = [];
    const body: CellBody = async (m) => {
      seen.push(`${m.dtype}:${m.measured ? 'measured' : 'fresh'}`);
      const inputs = await m.tokenize(['The capital of France is [MASK].']);
      return { logits: (await m.measure(() => m.forward(inputs), { items: 1 })).logits };
    };
    const [q4] = await cells('q4');
    const { result } = await q4!.execute(body);
    expect(seen).toEqual(['q4:fresh', 'fp32:fresh']);
    expect(result.status === 'pass' || result.status === 'mismatch').toBe(true);
    expect(result).toMatchObject({ parity: { reference: 'node/cpu/fp32' } });
  });

  it('says why parity is missing when the reference fails', async () => {
    const body: CellBody = async (m) => {
      if (m.dtype === 'fp32') throw new Error('reference broke');
      const inputs = await m.tokenize(['hello']);
      return { logits: (await m.forward(inputs)).logits };
    };
    const [q8] = await cells('q8');
    const { result } = await q8!.execute(body);
    expect(result.status).toBe('pass');
    expect(result.notes?.join(' ')).toMatch(/parity not computed: no node\/cpu\/fp32 reference: the node\/cpu\/fp32 run failed: reference broke/);
  });
});
