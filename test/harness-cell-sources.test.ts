import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkModelId } from '../matrix/harness/check-model-id.js';
import { useFamily, type CellBody } from '../matrix/harness/index.js';
import { resolveSource } from '../matrix/harness/resolve-source.js';
import { CPU_ONLY, forgeInto, removeDir } from './harness-fixtures.js';

const FILL_MASK = { task: 'fill-mask', autoClass: 'AutoModelForMaskedLM', modelClass: 'BertForMaskedLM' };
const env = { MATRIX_DTYPES: 'fp32' };

/** A fill-mask body that asserts the head shape and returns the logits. */
const body: CellBody = async (m) => {
  const inputs = await m.tokenize(['The capital of France is [MASK].']);
  const out = await m.measure(() => m.forward(inputs), { items: 1 });
  expect(out.logits.dims).toEqual([1, inputs.input_ids.dims[1], m.config.vocab_size]);
  return { logits: out.logits };
};

let forged = '';
beforeAll(async () => {
  forged = await forgeInto(['bert']);
});
afterAll(() => removeDir(forged));

describe('model source: mock vs real', () => {
  it('is mock (🔷, inference mock) when no model folder has the family', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'harness-empty-'));
    try {
      const fam = await useFamily({ family: 'bert', archKind: 'encoder-only' }, { devices: CPU_ONLY, forgedDir: empty, env });
      const [cell] = fam.cells(FILL_MASK);
      expect(cell!.title).toBe('🔷 mock node cpu fp32');
      const { result } = await cell!.execute(body);
      expect(result).toMatchObject({ status: 'pass', source: 'mock', inference: 'mock' });
      expect(result.key.modelId).toBe('mock/bert');
      expect(result.notes?.[0]).toMatch(/not forged: no manifest\.json/);
    } finally {
      removeDir(empty);
    }
  });

  it('is real (🚀, source forged) when the forge manifest has the (family, task)', async () => {
    const fam = await useFamily({ family: 'bert', archKind: 'encoder-only' }, { devices: CPU_ONLY, forgedDir: forged, env });
    const [cell] = fam.cells(FILL_MASK);
    expect(cell!.title).toBe('🚀 node cpu fp32 (forged)');
    const { result } = await cell!.execute(body);
    expect(result).toMatchObject({ status: 'pass', source: 'forged', inference: 'real' });
    if (result.status !== 'pass') throw new Error('unreachable');
    expect(result.measurements.latency.samples).toBeGreaterThan(0);
    expect(result.measurements.coldLoadMs).toBeGreaterThan(0);
    expect(result.measurements.peakRssBytes).toBeGreaterThan(1e6);
    // Read from the graph: the tiny forged bert has thousands of weights, not zero and not millions.
    expect(result.measurements.parameterCount).toBeGreaterThan(1_000);
    expect(result.measurements.parameterCount).toBeLessThan(1_000_000);
  });

  it('prefers MATRIX_MODELS (local) over the forge, at <dir>/<family>/<task>', async () => {
    const fam = await useFamily({ family: 'bert', archKind: 'encoder-only' }, { devices: CPU_ONLY, forgedDir: '', env: { ...env, MATRIX_MODELS: forged } });
    const [cell] = fam.cells(FILL_MASK);
    expect(cell!.title).toBe('🚀 node cpu fp32 (local)');
    const { result } = await cell!.execute(body);
    expect(result).toMatchObject({ status: 'pass', source: 'local', inference: 'real' });
  });

  it('finds a Hub model in the transformers.js cache (source cache) before the forge', async () => {
    const cache = mkdtempSync(join(tmpdir(), 'harness-cache-'));
    try {
      mkdirSync(join(cache, 'Xenova', 'bert-base-uncased'), { recursive: true });
      writeFileSync(join(cache, 'Xenova', 'bert-base-uncased', 'config.json'), '{"model_type":"bert"}');
      const fam = await useFamily({ family: 'bert', archKind: 'encoder-only', hubModelId: 'Xenova/bert-base-uncased' }, { devices: CPU_ONLY, forgedDir: forged, cacheDir: cache, env });
      const [cell] = fam.cells(FILL_MASK);
      expect(cell!.title).toBe('🚀 node cpu fp32 (cache)');
      expect(cell!.key.modelId).toBe('Xenova/bert-base-uncased');
    } finally {
      removeDir(cache);
    }
  });

  it('does not use the Hub unless MATRIX_ALLOW_HUB=1, and then only when the probe answers', async () => {
    let asked = 0;
    const hubProbe = async () => {
      asked++;
      return true;
    };
    const off = await useFamily({ family: 'bert', archKind: 'encoder-only', hubModelId: 'Xenova/bert-base-uncased' }, { devices: CPU_ONLY, forgedDir: '', env, hubProbe });
    expect(off.cells(FILL_MASK)[0]!.title).toBe('🔷 mock node cpu fp32');
    expect(asked).toBe(0);
    const on = await useFamily({ family: 'bert', archKind: 'encoder-only', hubModelId: 'Xenova/bert-base-uncased' }, { devices: CPU_ONLY, forgedDir: '', env: { ...env, MATRIX_ALLOW_HUB: '1' }, hubProbe });
    expect(on.cells(FILL_MASK)[0]!.title).toBe('🚀 node cpu fp32 (hub)');
    expect(asked).toBe(1);
  });
});

describe('hostile model ids', () => {
  const hostile = ['../../etc/passwd', '/etc/passwd', 'org/../../x', 'org/..', '..', 'a/b/c', 'org\\name', 'org/na me', 'org/$(rm -rf)', 'org/`x`', '.hidden/x', 'org/name\n', '', 'org/-flag'];

  it.each(hostile)('checkModelId rejects %j with HARNESS_BAD_MODEL_ID', (id) => {
    expect(() => checkModelId(id)).toThrow(expect.objectContaining({ code: 'HARNESS_BAD_MODEL_ID' }));
  });

  it('accepts ordinary ids', () => {
    for (const id of ['Xenova/bert-base-uncased', 'onnx-community/Qwen2.5-0.5B', 'hf_org/model.v2']) expect(checkModelId(id)).toBe(id);
  });

  it('a cell with a hostile id fails at stage resolve and never reads a folder outside the model dirs', async () => {
    const root = mkdtempSync(join(tmpdir(), 'harness-hostile-'));
    try {
      // A model folder sits next to MATRIX_MODELS: reachable only by escaping it.
      mkdirSync(join(root, 'outside'), { recursive: true });
      writeFileSync(join(root, 'outside', 'config.json'), '{"model_type":"bert"}');
      mkdirSync(join(root, 'models'));
      const fam = await useFamily({ family: 'bert', archKind: 'encoder-only', hubModelId: '../outside' }, { devices: CPU_ONLY, forgedDir: '', env: { ...env, MATRIX_MODELS: join(root, 'models') } });
      const [cell] = fam.cells(FILL_MASK);
      expect(cell!.title).toBe('⛔ node cpu fp32 (invalid source)');
      let ran = false;
      const { result } = await cell!.execute(async () => {
        ran = true;
      });
      expect(ran).toBe(false);
      expect(result).toMatchObject({ status: 'fail', stage: 'resolve' });
      if (result.status === 'fail') expect(result.message).toMatch(/Invalid model id "\.\.\/outside"/);
    } finally {
      removeDir(root);
    }
  });

  it('rejects hostile family and task names the same way', () => {
    const settings = { modelsDir: null, cacheDir: null, hubAvailable: false, forgedDir: '/tmp' };
    expect(() => resolveSource({ family: '../bert', task: 'fill-mask' }, settings)).toThrow(expect.objectContaining({ code: 'HARNESS_BAD_NAME' }));
    expect(() => resolveSource({ family: 'bert', task: '../../x' }, settings)).toThrow(expect.objectContaining({ code: 'HARNESS_BAD_NAME' }));
  });

  it('refuses a forge manifest whose path leaves the forge folder', () => {
    const dir = mkdtempSync(join(tmpdir(), 'harness-manifest-'));
    try {
      writeFileSync(join(dir, 'manifest.json'), JSON.stringify({ models: { bert: { 'fill-mask': { path: '../elsewhere', dtypes: ['fp32'] } } } }));
      expect(() => resolveSource({ family: 'bert', task: 'fill-mask' }, { modelsDir: null, cacheDir: null, hubAvailable: false, forgedDir: dir })).toThrow(
        expect.objectContaining({ code: 'HARNESS_PATH_ESCAPE' }),
      );
      expect(existsSync(join(dir, '..', 'elsewhere'))).toBe(false);
    } finally {
      removeDir(dir);
    }
  });
});

describe('cells: devices × dtypes', () => {
  it('plans available node devices × dtypes, cpu/fp32 first, filtered by MATRIX_DEVICES / MATRIX_DTYPES', async () => {
    const devices = [...CPU_ONLY, { platform: 'node' as const, device: 'cuda' as const, available: false, reason: 'CUDA provider library missing', info: {} }];
    const fam = await useFamily({ family: 'bert', archKind: 'encoder-only' }, { devices, forgedDir: '', env: {} });
    expect(fam.cells(FILL_MASK).map((c) => `${c.key.device}/${c.key.dtype}`)).toEqual(['cpu/fp32', 'cpu/fp16', 'cpu/q8', 'cpu/q4']);
    const some = await useFamily({ family: 'bert', archKind: 'encoder-only' }, { devices, forgedDir: '', env: { MATRIX_DTYPES: 'q4,fp16' } });
    expect(some.cells(FILL_MASK).map((c) => c.key.dtype)).toEqual(['fp16', 'q4']);
  });

  it('names the valid values when a filter is wrong', async () => {
    await expect(useFamily({ family: 'bert', archKind: 'encoder-only' }, { devices: CPU_ONLY, forgedDir: '', env: { MATRIX_DTYPES: 'fp8' } }).then((f) => f.cells(FILL_MASK))).rejects.toThrow(
      /MATRIX_DTYPES has unknown value\(s\) "fp8"; valid: fp32, fp16, q8, q4/,
    );
  });
});
