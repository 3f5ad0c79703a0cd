// Bench mode on real (forged) model folders: tasks come from config.json's architectures, a folder is
// only measured for the heads it has, sweeps are cell dimensions, --parallel flags contended cells.
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deriveRegistry } from '../generator/registry.js';
import type { FamilyEntry } from '../generator/types.js';
import type { DeviceProbe } from '../matrix/devices/detect-devices.js';
import { benchSuite, detectWith, UnsupportedArchitectureError, validateSuite, type BenchSuiteOptions } from '../matrix/suite/index.js';
import { forgeInto, removeDir } from './harness-fixtures.js';

/** A probe that finds cpu and reports every other device missing. */
const cpuOnly: DeviceProbe = async (device) => (device === 'cpu' ? { available: true, reason: '', info: {} } : { available: false, reason: `no ${device} on this test machine`, info: {} });
const FAST = { warmupRuns: 0, minSamples: 2, minTimeMs: 0, maxSamples: 3, maxTimeMs: 50 };

let registry: FamilyEntry[] = [];
let forged = '';
let work = '';
let options: BenchSuiteOptions;

/** A copy of a forged task folder whose config lists `architectures`, as a real export does. */
function modelFolder(task: string, name: string, architectures: string[]): string {
  const folder = join(work, name);
  cpSync(join(forged, 'bert', task), folder, { recursive: true });
  const file = join(folder, 'config.json');
  writeFileSync(file, JSON.stringify({ ...JSON.parse(readFileSync(file, 'utf8')), architectures }));
  return folder;
}

beforeAll(async () => {
  registry = await deriveRegistry();
  forged = await forgeInto(['bert']);
  work = mkdtempSync(join(tmpdir(), 'suite-bench-'));
  options = { stateDir: join(work, 'state'), ortVersion: 'test', registry, forgedDir: async () => forged, probe: cpuOnly, cacheDir: null, env: {} };
});
afterAll(() => {
  removeDir(forged);
  removeDir(work);
});

describe('task detection from config.json', () => {
  it('gives a bare BertModel feature-extraction only, a classification head text-classification', () => {
    expect(detectWith({ model_type: 'bert', architectures: ['BertModel'] }, 'x', registry).tasks.map((t) => t.task)).toEqual(['feature-extraction']);
    expect(detectWith({ model_type: 'bert', architectures: ['BertForSequenceClassification'] }, 'x', registry).tasks).toEqual([
      { task: 'text-classification', autoClass: 'AutoModelForSequenceClassification', modelClass: 'BertForSequenceClassification' },
    ]);
    expect(detectWith({ architectures: ['GPT2LMHeadModel'] }, 'x', registry)).toMatchObject({ family: 'gpt2', archKind: 'decoder-only' });
  });

  it('names the architecture and the nearest supported ones when no template drives it', () => {
    expect(() => detectWith({ model_type: 'bert', architectures: ['BertForPreTraining'] }, 'models[0].path m', registry)).toThrow(UnsupportedArchitectureError);
    expect(() => detectWith({ model_type: 'bert', architectures: ['BertForPreTraining'] }, 'models[0].path m', registry)).toThrow(/models\[0\]\.path m: architecture BertForPreTraining \(model_type "bert"\).*Nearest supported: /);
    expect(() => detectWith({ model_type: 'bertt' }, 'm', registry)).toThrow(/model_type "bertt" .*Nearest supported: bert/);
  });
});

describe('matrix bench on a model folder', () => {
  it('measures a bare BERT folder for feature-extraction only, with no failures for heads it lacks', async () => {
    const folder = modelFolder('feature-extraction', 'sentence-bert', ['BertModel']);
    const suite = validateSuite({ mode: 'bench', profile: 'quick', measure: FAST, models: [{ path: folder }] }, 'test', {});
    const { cells, profileLabel } = await benchSuite(suite, options);
    expect(cells.length).toBeGreaterThanOrEqual(2);
    expect(new Set(cells.map((c) => c.key.task))).toEqual(new Set(['feature-extraction']));
    expect(cells.filter((c) => c.status !== 'pass')).toEqual([]);
    expect(cells[0]).toMatchObject({ source: 'local', inference: 'real', key: { modelId: 'local/sentence-bert', device: 'cpu', dtype: 'fp32', batchSize: 1 } });
    expect(profileLabel).toBe('quick+warmupRuns=0,minSamples=2,minTimeMs=0,maxSamples=3,maxTimeMs=50');
    expect(cells.every((c) => c.profile === profileLabel)).toBe(true);
  });

  it('detects text-classification on a folder with a classification head; an asked-for head it lacks is unsupported', async () => {
    const folder = modelFolder('text-classification', 'sentiment-bert', ['BertForSequenceClassification']);
    const suite = validateSuite({ mode: 'bench', profile: 'quick', measure: FAST, dtypes: ['fp32'], models: [{ path: folder }, { path: folder, tasks: ['fill-mask'] }] }, 'test', {});
    const { cells } = await benchSuite(suite, options);
    expect(cells.map((c) => [c.key.task, c.status])).toEqual([
      ['text-classification', 'pass'],
      ['fill-mask', 'unsupported'],
    ]);
    expect(cells[1]!.status === 'unsupported' && cells[1]!.reason).toMatch(/the model is BertForSequenceClassification: it has no head for fill-mask/);
  });

  it('sweeps batch size and sequence length as cell dimensions, with throughput per batch', async () => {
    const suite = validateSuite({ mode: 'bench', profile: 'quick', measure: FAST, dtypes: ['fp32'], batchSizes: [1, 3], seqLengths: [8, 20], tasks: ['feature-extraction'], models: [{ family: 'bert' }] }, 'test', {});
    const { cells } = await benchSuite(suite, options);
    expect(cells.map((c) => `${c.key.modelId} b${c.key.batchSize} s${c.key.seqLength} ${c.status}`)).toEqual([
      'forged/bert b1 s8 pass',
      'forged/bert b1 s20 pass',
      'forged/bert b3 s8 pass',
      'forged/bert b3 s20 pass',
    ]);
    const b3 = cells[2]!;
    expect(b3.status === 'pass' && b3.measurements.throughput).toBeCloseTo(3000 / (b3.status === 'pass' ? b3.measurements.latency.meanMs : 1), -1);
  });

  it('skips a device the probe did not find (with its reason); --parallel flags cells measured while another device ran', async () => {
    const base = { mode: 'bench', profile: 'quick', measure: FAST, dtypes: ['fp32'], batchSizes: [1, 2], devices: ['cpu', 'cuda'], tasks: ['feature-extraction'], models: [{ family: 'bert' }] };
    const serial = await benchSuite(validateSuite(base, 'test', {}), options);
    expect(serial.cells.map((c) => `${c.key.device} ${c.status}`)).toEqual(['cpu pass', 'cuda skip', 'cpu pass', 'cuda skip']);
    expect(serial.cells[1]!.status === 'skip' && serial.cells[1]!.reason).toBe('device cuda not available: no cuda on this test machine');
    expect(serial.cells.some((c) => c.contended)).toBe(false);
    const parallel = await benchSuite(validateSuite({ ...base, parallel: true }, 'test', {}), options);
    const cpu = parallel.cells.filter((c) => c.key.device === 'cpu');
    expect(cpu[0]!.contended).toBe(true); // started while the cuda group was still running
    expect(cpu[1]!.contended).toBeUndefined(); // the cuda group had finished
  });

  it('reports a folder without config.json as bad input naming the entry', async () => {
    const suite = validateSuite({ mode: 'bench', models: [{ path: join(work, 'nothing-here') }] }, 'test', {});
    await expect(benchSuite(suite, options)).rejects.toThrow(/models\[0\]\.path .*nothing-here: no config\.json/);
  });
});
