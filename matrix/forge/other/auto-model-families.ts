/**
 * Families transformers.js loads only through AutoModel (no pipeline of their own), each with
 * its own IO: the builder of its forged folder, by family. A forward pass with the inputs the
 * class takes is the test.
 */
import type { ForgeContext } from '../contracts/contract.js';
import type { ForgedFolder } from '../contracts/forged-folder.js';
import { audioCodecFolder } from '../audio/audio-codec.js';
import { decisionTransformerFolder } from './decision-transformer.js';
import { hifiganFolder } from '../audio/hifigan.js';
import { mgpStrFolder } from '../vision/mgp-str.js';
import { timeSeriesFolder } from './time-series.js';

export type AutoModelBuilder = (ctx: ForgeContext) => ForgedFolder;

const base = (ctx: ForgeContext) => ({ seed: ctx.seed, name: `${ctx.entry.family}-${ctx.task.task}`, architecture: ctx.task.modelClass });
const codec = (modelType: string, featureExtractorType: string, samplingRate: number, layout: Parameters<typeof audioCodecFolder>[0]['layout']): AutoModelBuilder => (ctx) =>
  audioCodecFolder({ ...base(ctx), modelType, featureExtractorType, samplingRate, hop: 40, latent: 16, codebookSize: 32, layout });

export const AUTO_MODEL_FAMILIES: Readonly<Record<string, AutoModelBuilder>> = Object.freeze({
  decision_transformer: (ctx) => decisionTransformerFolder(base(ctx)),
  patchtst: (ctx) => timeSeriesFolder({ ...base(ctx), modelType: 'patchtst', predict: ctx.task.task === 'time-series-forecasting' }),
  patchtsmixer: (ctx) => timeSeriesFolder({ ...base(ctx), modelType: 'patchtsmixer', predict: ctx.task.task === 'time-series-forecasting' }),
  hifigan: (ctx) => hifiganFolder(base(ctx)),
  'mgp-str': (ctx) => mgpStrFolder(base(ctx)),
  dac: codec('dac', 'DacFeatureExtractor', 16000, { kind: 'rvq', levels: 3 }),
  mimi: codec('mimi', 'EncodecFeatureExtractor', 16000, { kind: 'rvq', levels: 4 }),
  snac: codec('snac', 'SnacFeatureExtractor', 16000, { kind: 'multiscale', strides: [4, 2, 1] }),
});
