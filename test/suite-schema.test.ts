// Suite files: one zod schema for files, flags and job bodies; every error names its path and the valid values.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generatedFamilies } from '../matrix/cli/commands/run.js';
import {
  SUITE_OPTIONS,
  SuiteEnvError,
  SuiteInvalidError,
  UnknownSuiteError,
  checkFamilies,
  loadSuite,
  parseSuite,
  predefinedSuites,
  suiteFieldsFromFlags,
  validateSuite,
} from '../matrix/suite/index.js';

function problemsOf(run: () => unknown): readonly string[] {
  try {
    run();
  } catch (error) {
    if (error instanceof SuiteInvalidError) return error.problems;
    throw error;
  }
  throw new Error('expected the suite to be invalid');
}

describe('suite schema', () => {
  it('accepts a bench suite and fills the defaults', () => {
    const suite = parseSuite('mode: bench\nmodels:\n  - path: ./m\n    batchSizes: [1, 8]\n  - id: Xenova/all-MiniLM-L6-v2\nseqLengths: [128]\n', 'ok.yaml', {});
    expect(suite).toMatchObject({ mode: 'bench', parallel: false, seqLengths: [128], models: [{ path: './m', batchSizes: [1, 8] }, { id: 'Xenova/all-MiniLM-L6-v2' }] });
  });

  it('names every bad path with the valid values, all at once', () => {
    const problems = problemsOf(() =>
      parseSuite(
        ['mode: bench', 'models:', '  - family: bert', '  - path: ./x', '    dtype: fp32', '  - id: org/x', '    dtypes: [fp32, q5]', '  - {}', 'batchSizes: [0]', 'devices: [gpu]', 'frob: 1'].join('\n'),
        'bad.yaml',
        {},
      ),
    );
    expect(problems).toEqual([
      'models[1].dtype: unknown key; valid keys: family, id, path, forge, tokenizer, tasks, dtypes, batchSizes, seqLengths, imageSizes',
      'models[2].dtypes[1]: "q5" is not one of fp32, fp16, q8, q4',
      'models[3]: needs one of family, id, path, forge',
      'batchSizes[0]: 0 is below the minimum 1',
      'devices[0]: "gpu" is not one of cpu, cuda, webgpu, dml, coreml',
      expect.stringMatching(/^frob: unknown key; valid keys: name, description, mode, models/),
    ]);
  });

  it('rejects two sources in one entry and a missing models list', () => {
    expect(problemsOf(() => validateSuite({ mode: 'bench', models: [{ family: 'bert', path: 'x' }] }, 'x', {}))).toEqual(['models[0]: has family and path; give exactly one of family, id, path, forge']);
    expect(problemsOf(() => validateSuite({}, 'x', {}))).toEqual(['models: expected array, got nothing (required)']);
  });

  it('keeps test mode to what the generated tests can do', () => {
    expect(problemsOf(() => validateSuite({ models: [{ path: 'x' }], batchSizes: [2], parallel: true }, 'x', {}))).toEqual([
      'batchSizes: batchSizes needs mode: bench (mode test runs the generated family tests)',
      'parallel: parallel needs mode: bench (mode test runs the generated family tests)',
      'models[0].path: a model given by path needs mode: bench (mode test runs the generated family tests)',
    ]);
  });
});

describe('${VAR} substitution', () => {
  it('substitutes from the environment, with defaults, and types a lone reference', () => {
    const suite = parseSuite('mode: bench\nmodels: [{path: "${MODELS}/bert"}]\nbatchSizes: ["${BATCH:-4}"]\nparallel: "${PAR:-false}"\n', 'env.yaml', { MODELS: '/data' });
    expect(suite).toMatchObject({ models: [{ path: '/data/bert' }], batchSizes: [4], parallel: false });
  });

  it('fails naming the path and the variable when it is unset without default', () => {
    expect(() => parseSuite('models: [{family: "${FAM}"}]', 'env.yaml', {})).toThrow(SuiteEnvError);
    expect(() => parseSuite('models: [{family: "${FAM}"}]', 'env.yaml', {})).toThrow(/models\[0\]\.family: \$\{FAM\} is not set/);
  });

  it('takes a publish token only from the environment, and never shows it', () => {
    const ok = parseSuite('models: [{family: bert}]\npublish: {repo: org/results, token: "${HF_TOKEN}"}', 'p.yaml', { HF_TOKEN: 'hf_secret' });
    expect(ok.publish?.token).toBe('hf_secret');
    const problems = problemsOf(() => parseSuite('models: [{family: bert}]\npublish: {repo: org/results, token: hf_literal123}', 'p.yaml', {}));
    expect(problems).toEqual([expect.stringMatching(/^publish\.token: must be an environment reference such as \$\{HF_TOKEN\}/)]);
    expect(problems.join('\n')).not.toContain('hf_literal123');
  });
});

describe('options derived from the schema', () => {
  it('has one flag per flat top-level key, enums listing their values', () => {
    const flags = SUITE_OPTIONS.map((o) => o.flag);
    expect(flags).toEqual(['--mode <value>', '--tasks <list>', '--dtypes <list>', '--batch-sizes <list>', '--seq-lengths <list>', '--image-sizes <list>', '--devices <list>', '--profile <value>', '--parallel', '--timeout-ms <value>']);
    expect(SUITE_OPTIONS.find((o) => o.key === 'dtypes')!.values).toEqual(['fp32', 'fp16', 'q8', 'q4']);
    expect(SUITE_OPTIONS.find((o) => o.key === 'batchSizes')!.element).toBe('int');
  });

  it('goes through the same schema as a file', () => {
    const fields = suiteFieldsFromFlags({ batchSizes: '1,8', dtypes: 'fp32,q5', parallel: true });
    expect(fields).toEqual({ batchSizes: [1, 8], dtypes: ['fp32', 'q5'], parallel: true });
    expect(problemsOf(() => validateSuite({ ...fields, mode: 'bench', models: [{ family: 'bert' }] }, 'flags', {}))).toEqual(['dtypes[1]: "q5" is not one of fp32, fp16, q8, q4']);
  });
});

describe('predefined suites', () => {
  const known = generatedFamilies(join(process.cwd(), 'generated-tests'));

  it('ships smoke, text, vision, audio, multimodal, generation and all, each valid with known families', () => {
    const names = predefinedSuites();
    expect(names).toEqual(['all', 'audio', 'generation', 'multimodal', 'smoke', 'text', 'vision']);
    for (const name of names) {
      const loaded = loadSuite(name, { env: {} });
      expect(loaded.name).toBe(name);
      expect(() => checkFamilies(loaded.suite, known, loaded.file)).not.toThrow();
    }
  });

  it('smoke has one family per architecture kind', () => {
    expect(loadSuite('smoke', { env: {} }).suite.models.map((m) => m.family)).toEqual(['bert', 'gpt2', 't5', 'vit', 'wav2vec2', 'clip', 'patchtst']);
  });

  it('names the nearest suite or family when one is unknown', () => {
    expect(() => loadSuite('smok')).toThrow(UnknownSuiteError);
    expect(() => loadSuite('smok')).toThrow(/Did you mean "smoke"/);
    const suite = validateSuite({ models: [{ family: 'bertt' }, { family: '*' }] }, 'x', {});
    expect(problemsOf(() => checkFamilies(suite, known, 'x'))).toEqual([expect.stringMatching(/^models\[0\]\.family: "bertt" is not a known family; nearest: bert/)]);
  });
});
