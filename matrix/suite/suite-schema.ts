/**
 * THE suite schema: the single source for suite files (YAML/JSON), `matrix run`/`matrix bench` flags
 * (derived in suite-options.ts) and the server's job bodies. Unknown keys are errors everywhere.
 * Omitted lists mean "auto": every task the model's architecture has, every device found, every dtype
 * the model has.
 */
import { z } from 'zod';
import { DTYPES, NODE_DEVICES } from '../harness/types.js';
import { PROFILES } from '../harness/profiles.js';

const positiveInts = (what: string) => z.array(z.number().int().min(1).max(65_536)).min(1).describe(what);

/** Overrides of the named profile's sampling, for a suite's own profile. */
export const MeasureSchema = z
  .strictObject({
    warmupRuns: z.number().int().min(0).optional(),
    minSamples: z.number().int().min(1).optional(),
    minTimeMs: z.number().min(0).optional(),
    maxSamples: z.number().int().min(1).optional(),
    maxTimeMs: z.number().min(1).optional(),
  })
  .describe('sampling overrides of the profile: warmupRuns, minSamples, minTimeMs, maxSamples, maxTimeMs');

/** What each model entry may narrow. */
const dimensions = {
  tasks: z.array(z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'a pipeline task such as feature-extraction')).min(1).optional().describe('tasks to run (default: every task the architecture has)'),
  dtypes: z.array(z.enum(DTYPES)).min(1).optional().describe('dtypes (default: every dtype the model has)'),
  batchSizes: positiveInts('batch sizes swept (default 1)').optional(),
  seqLengths: positiveInts('text sequence lengths swept, in tokens (default: the sample text)').optional(),
  imageSizes: positiveInts('square image sides swept, in pixels (default: the processor size)').optional(),
};

/** One model: exactly one of family (forged tiny model), id (Hub/cache), path (local folder), forge (config.json at real dimensions). */
export const ModelEntrySchema = z
  .strictObject({
    family: z.string().min(1).optional().describe('a forged family (model_type), e.g. bert'),
    id: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]*\/[A-Za-z0-9][A-Za-z0-9._-]*$/, 'a Hub id org/name').optional().describe('a Hub model id (transformers.js cache, or the Hub with MATRIX_ALLOW_HUB=1)'),
    path: z.string().min(1).optional().describe('a local model folder holding config.json'),
    forge: z.string().min(1).optional().describe('a config.json: random weights at its real dimensions'),
    tokenizer: z.string().min(1).optional().describe('forge only: folder with the real tokenizer files'),
    ...dimensions,
  })
  .superRefine((entry, ctx) => {
    const given = (['family', 'id', 'path', 'forge'] as const).filter((k) => entry[k] !== undefined);
    if (given.length !== 1) {
      ctx.addIssue({ code: 'custom', message: given.length === 0 ? 'needs one of family, id, path, forge' : `has ${given.join(' and ')}; give exactly one of family, id, path, forge` });
    }
    if (entry.tokenizer !== undefined && entry.forge === undefined) ctx.addIssue({ code: 'custom', path: ['tokenizer'], message: 'only goes with forge' });
  });

/** Publish settings; the token only ever comes from the environment (`${HF_TOKEN}`). */
export const PublishSchema = z.strictObject({
  repo: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]*\/[A-Za-z0-9][A-Za-z0-9._-]*$/, 'a dataset repo org/name').describe('Hub dataset repo the results go to'),
  token: z.string().optional().describe('write `${HF_TOKEN}`: secrets come only from the environment'),
  modelCards: z.boolean().optional().describe('also update the model cards'),
});

export const PROFILE_NAMES = Object.keys(PROFILES) as Array<keyof typeof PROFILES>;

/** A whole suite. */
export const SuiteSchema = z.strictObject({
  name: z.string().regex(/^[A-Za-z0-9._-]+$/, 'letters, digits, . _ -').optional().describe('suite name, stored with the run'),
  description: z.string().optional(),
  mode: z.enum(['test', 'bench']).default('test').describe('test: the generated family tests (families only); bench: in-process benchmark cells for any model, with sweeps'),
  models: z.array(ModelEntrySchema).min(1).describe('models to run'),
  ...dimensions,
  devices: z.array(z.enum(NODE_DEVICES)).min(1).optional().describe('devices (default: every device found)'),
  profile: z.enum(PROFILE_NAMES as [string, ...string[]]).optional().describe('measurement profile (default: bench in bench mode, quick in test mode)'),
  measure: MeasureSchema.optional(),
  parallel: z.boolean().default(false).describe('run independent devices at the same time; their cells are flagged contended'),
  timeoutMs: z.number().int().min(1).optional().describe('per-cell timeout in ms'),
  publish: PublishSchema.optional(),
}).superRefine((suite, ctx) => {
  if (suite.mode !== 'test') return;
  // test mode drives the generated family tests through vitest: one global device/dtype/task filter, batch 1.
  const bench = (path: PropertyKey[], what: string) => ctx.addIssue({ code: 'custom', path, message: `${what} needs mode: bench (mode test runs the generated family tests)` });
  for (const key of ['batchSizes', 'seqLengths', 'imageSizes', 'measure'] as const) if (suite[key] !== undefined) bench([key], key);
  if (suite.parallel) bench(['parallel'], 'parallel');
  suite.models.forEach((m, i) => {
    for (const key of ['id', 'path', 'forge'] as const) if (m[key] !== undefined) bench(['models', i, key], `a model given by ${key}`);
    for (const key of ['tasks', 'dtypes', 'batchSizes', 'seqLengths', 'imageSizes'] as const) if (m[key] !== undefined) bench(['models', i, key], `a per-model ${key}`);
  });
});

export type Suite = z.output<typeof SuiteSchema>;
export type SuiteInput = z.input<typeof SuiteSchema>;
export type ModelEntry = z.output<typeof ModelEntrySchema>;
