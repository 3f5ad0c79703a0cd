/**
 * The AutoModel-only contract (other/auto-model-forward-contract.ts, manifest name misc-forward): each forged model loads in transformers.js
 * 4.3.1 with AutoModel and runs a forward pass with the inputs its class takes, giving the outputs
 * it names at the stated shapes, in every dtype; the codecs' encode → decode equals forward;
 * two builds are byte-identical; families and tasks it does not forge are refused with a reason.
 */
import { describe, expect, it } from 'vitest';
import { AutoFeatureExtractor, AutoImageProcessor, AutoModel, env, ones, Tensor } from '@huggingface/transformers';
import { autoModelForwardContract as contract } from '../matrix/forge/other/auto-model-forward-contract.js';
import { DECISION } from '../matrix/forge/other/decision-transformer.js';
import { HIFIGAN } from '../matrix/forge/audio/hifigan.js';
import { MGP_STR } from '../matrix/forge/vision/mgp-str.js';
import { TIME_SERIES } from '../matrix/forge/other/time-series.js';
import { ALL_DTYPES, familyTask, forgeToTemp, maxAbsDiff, readTree, sineWave, syntheticImage, tinyContext } from './forge-media-helpers.js';

env.allowRemoteModels = false;

type Outputs = Record<string, Tensor>;
type Model = Awaited<ReturnType<typeof AutoModel.from_pretrained>>;

/** Deterministic float tensor with values in [-1, 1). */
function floats(dims: number[], seed = 1): Tensor {
  const size = dims.reduce((a, b) => a * b, 1);
  return new Tensor('float32', Float32Array.from({ length: size }, (_, i) => Math.sin(i * 12.9898 + seed) * 0.9), dims);
}

/** The inputs each family's class takes, and the output shapes it must give. */
const CASES: Record<string, { task: string; inputs: (dir: string) => Promise<Record<string, Tensor>>; shapes: Record<string, number[]> }> = {
  decision_transformer: {
    task: 'reinforcement-learning',
    inputs: async () => ({
      states: floats([2, 5, DECISION.stateDim]),
      actions: floats([2, 5, DECISION.actDim], 2),
      returns_to_go: floats([2, 5, 1], 3),
      timesteps: new Tensor('int64', BigInt64Array.from({ length: 10 }, (_, i) => BigInt(i % 5)), [2, 5]),
      attention_mask: ones([2, 5]),
    }),
    shapes: { state_preds: [2, 5, DECISION.stateDim], action_preds: [2, 5, DECISION.actDim], return_preds: [2, 5, 1] },
  },
  patchtst: {
    task: 'time-series-forecasting',
    inputs: async () => ({ past_values: floats([2, TIME_SERIES.contextLength, TIME_SERIES.channels]) }),
    shapes: { prediction_outputs: [2, TIME_SERIES.predictionLength, TIME_SERIES.channels] },
  },
  patchtsmixer: {
    task: 'feature-extraction',
    inputs: async () => ({ past_values: floats([1, TIME_SERIES.contextLength, TIME_SERIES.channels]) }),
    shapes: { last_hidden_state: [1, TIME_SERIES.channels, TIME_SERIES.contextLength / TIME_SERIES.patchLength, TIME_SERIES.dModel] },
  },
  hifigan: {
    task: 'feature-extraction',
    inputs: async () => ({ spectrogram: floats([10, HIFIGAN.melBins]) }),
    shapes: { waveform: [10 * HIFIGAN.upsample] },
  },
  'mgp-str': {
    task: 'image-to-text',
    inputs: async (dir) => (await AutoImageProcessor.from_pretrained(dir))(syntheticImage(50, 20)) as Promise<Record<string, Tensor>>,
    shapes: { char_logits: [1, MGP_STR.maxTokens, MGP_STR.charVocab], bpe_logits: [1, MGP_STR.maxTokens, MGP_STR.bpeVocab], wp_logits: [1, MGP_STR.maxTokens, MGP_STR.wpVocab] },
  },
  dac: { task: 'audio-to-audio', inputs: codecInputs, shapes: { audio_values: [1, 1, 16000] } },
  mimi: { task: 'audio-to-audio', inputs: codecInputs, shapes: { audio_values: [1, 1, 16000] } },
  snac: { task: 'audio-to-audio', inputs: codecInputs, shapes: { audio_values: [1, 1, 16000] } },
};

async function codecInputs(dir: string): Promise<Record<string, Tensor>> {
  return (await AutoFeatureExtractor.from_pretrained(dir))(sineWave(1)) as Promise<Record<string, Tensor>>;
}

async function forged(family: string, dtypes = ['fp32'] as readonly (typeof ALL_DTYPES)[number][]) {
  const { entry, task } = await familyTask(family, CASES[family]!.task);
  expect(contract.supports(entry, task), family).toBe(true);
  return forgeToTemp(contract, tinyContext(entry, task), dtypes);
}

describe('auto-model-forward contract (misc-forward)', () => {
  it('runs every family forward in transformers.js in every dtype, with the outputs and shapes its class names', async () => {
    for (const family of Object.keys(CASES)) {
      const dir = await forged(family, ALL_DTYPES);
      const inputs = await CASES[family]!.inputs(dir);
      for (const dtype of ALL_DTYPES) {
        const model = await AutoModel.from_pretrained(dir, { dtype, device: 'cpu' });
        const out = (await model(inputs)) as Outputs;
        for (const [name, dims] of Object.entries(CASES[family]!.shapes)) {
          expect(out[name]?.dims, `${family} ${dtype} ${name}`).toEqual(dims);
          expect(Array.from(out[name]!.data as Float32Array).every(Number.isFinite), `${family} ${dtype} ${name} finite`).toBe(true);
        }
        await model.dispose();
      }
    }
  });

  it('encodes audio into codes and decodes them back: encode → decode equals forward', async () => {
    for (const [family, codeDims] of [['dac', { audio_codes: [1, 3, 400] }], ['snac', { 'audio_codes.0': [1, 100], 'audio_codes.1': [1, 200], 'audio_codes.2': [1, 400] }]] as const) {
      const dir = await forged(family);
      const model = (await AutoModel.from_pretrained(dir, { dtype: 'fp32', device: 'cpu' })) as Model & { encode(i: unknown): Promise<Outputs>; decode(i: unknown): Promise<Outputs> };
      const inputs = await codecInputs(dir);
      const codes = await model.encode(inputs);
      for (const [name, dims] of Object.entries(codeDims)) {
        expect(codes[name]!.type, `${family} ${name}`).toBe('int64');
        expect(codes[name]!.dims, `${family} ${name}`).toEqual(dims);
      }
      const decoded = await model.decode(Object.fromEntries(Object.keys(codeDims).map((k) => [k, codes[k]!])));
      const forward = (await model(inputs)) as Outputs;
      expect(maxAbsDiff(decoded.audio_values!.data as Float32Array, forward.audio_values!.data as Float32Array)).toBe(0);
      await model.dispose();
    }
  });

  it('answers different inputs with different outputs (the graph uses its input)', async () => {
    const dir = await forged('patchtst');
    const model = await AutoModel.from_pretrained(dir, { dtype: 'fp32', device: 'cpu' });
    const a = (await model({ past_values: floats([1, 32, 2], 1) })) as Outputs;
    const b = (await model({ past_values: floats([1, 32, 2], 2) })) as Outputs;
    expect(maxAbsDiff(a.prediction_outputs!.data as Float32Array, b.prediction_outputs!.data as Float32Array)).toBeGreaterThan(1e-4);
    await model.dispose();
  });

  it('builds byte-identical folders twice', async () => {
    for (const family of ['decision_transformer', 'snac']) {
      const a = readTree(await forged(family, ALL_DTYPES));
      const b = readTree(await forged(family, ALL_DTYPES));
      expect(Object.keys(a).sort(), family).toEqual(Object.keys(b).sort());
      for (const path of Object.keys(a)) expect(a[path]!.equals(b[path]!), `${family} ${path}`).toBe(true);
    }
  });

  it('refuses families and tasks it does not forge, and a wrong input is a clear ORT error', async () => {
    const bert = await familyTask('bert', 'feature-extraction');
    expect(contract.supports(bert.entry, bert.task)).toMatch(/not an AutoModel-only family/);
    const dir = await forged('patchtst');
    const model = await AutoModel.from_pretrained(dir, { dtype: 'fp32', device: 'cpu' });
    await expect(model({ past_values: floats([1, 31, 2]) })).rejects.toThrow(/past_values|dimension|Got invalid dimensions/i);
    await model.dispose();
  });
});
