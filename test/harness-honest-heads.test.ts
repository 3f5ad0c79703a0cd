// A local model is tested only for the heads it has: a bare BertModel folder given as MATRIX_MODELS
// must not turn fill-mask or classification into `fail` cells (issue 11's repro: 16 fails).
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useFamily, type CellBody } from '../matrix/harness/index.js';
import { CPU_ONLY, forgeInto, removeDir } from './harness-fixtures.js';

const FILL_MASK = { task: 'fill-mask', autoClass: 'AutoModelForMaskedLM', modelClass: 'BertForMaskedLM' };
const FEATURES = { task: 'feature-extraction', autoClass: 'AutoModel', modelClass: 'BertModel' };

const body: CellBody = async (m) => {
  const inputs = await m.tokenize(['The capital of France is [MASK].']);
  const out = await m.measure(() => m.forward(inputs), { items: 1 });
  return { out: out.logits ?? out.last_hidden_state! };
};

let forged = '';
let models = '';
beforeAll(async () => {
  forged = await forgeInto(['bert']);
  // MATRIX_MODELS/<family>: the forged bare model, its config saying what a sentence-embedding export says.
  models = mkdtempSync(join(tmpdir(), 'honest-heads-'));
  cpSync(join(forged, 'bert', 'feature-extraction'), join(models, 'bert'), { recursive: true });
  const configFile = join(models, 'bert', 'config.json');
  writeFileSync(configFile, JSON.stringify({ ...JSON.parse(readFileSync(configFile, 'utf8')), architectures: ['BertModel'] }));
});
afterAll(() => {
  removeDir(forged);
  removeDir(models);
});

describe('a local model without the task head', () => {
  it('runs the task it has from the local folder', async () => {
    const fam = await useFamily({ family: 'bert', archKind: 'encoder-only' }, { devices: CPU_ONLY, forgedDir: forged, cacheDir: null, env: { MATRIX_MODELS: models, MATRIX_DTYPES: 'fp32' } });
    const { result } = await fam.cells(FEATURES)[0]!.execute(body);
    expect(result).toMatchObject({ status: 'pass', source: 'local', key: { modelId: 'local/bert' } });
  });

  it('falls back to the forged model for a head it lacks, and says so', async () => {
    const fam = await useFamily({ family: 'bert', archKind: 'encoder-only' }, { devices: CPU_ONLY, forgedDir: forged, cacheDir: null, env: { MATRIX_MODELS: models, MATRIX_DTYPES: 'fp32' } });
    const [cell] = fam.cells(FILL_MASK);
    expect(cell!.title).toBe('🚀 node cpu fp32 (forged)');
    const { result } = await cell!.execute(body);
    expect(result).toMatchObject({ status: 'pass', source: 'forged', key: { modelId: 'forged/bert' } });
    expect(result.notes?.join(' ')).toMatch(/local model local\/bert .* is BertModel: it has no BertForMaskedLM head for fill-mask; forged model used instead/);
  });

  it('is unsupported, naming the architecture, when there is no forged model to fall back to', async () => {
    const fam = await useFamily({ family: 'bert', archKind: 'encoder-only' }, { devices: CPU_ONLY, forgedDir: '', cacheDir: null, env: { MATRIX_MODELS: models, MATRIX_DTYPES: 'fp32' } });
    const [cell] = fam.cells(FILL_MASK);
    expect(cell!.title).toMatch(/model lacks this head/);
    const { result } = await cell!.execute(body);
    expect(result.status).toBe('unsupported');
    expect(result.status === 'unsupported' && result.reason).toMatch(/is BertModel: it has no BertForMaskedLM head/);
  });
});
