/**
 * The audio-text-to-text contract (Ultravox, Voxtral): each forged model loads in transformers.js
 * 4.3.1 with AutoModelForAudioTextToText and AutoProcessor; the processor expands the audio
 * placeholder into exactly as many audio tokens as the audio encoder yields, for clips of several
 * lengths; generation runs exactly max_new_tokens and equals a full recompute; the audio reaches
 * the logits; every dtype generates; two builds are byte-identical.
 */
import { describe, expect, it } from 'vitest';
import { AutoModelForAudioTextToText, AutoProcessor, env, Tensor } from '@huggingface/transformers';
import { audioTextContract as contract } from '../matrix/forge/multimodal/audio-text-contract.js';
import { ALL_DTYPES, familyTask, forgeToTemp, maxAbsDiff, readTree, sineWave, tinyContext } from './forge-media-helpers.js';

env.allowRemoteModels = false;

const MAX_NEW_TOKENS = 4;
type Inputs = Record<string, Tensor>;

async function load(family: string, dtype: (typeof ALL_DTYPES)[number] = 'fp32', dir?: string) {
  const { entry, task } = await familyTask(family, 'audio-text-to-text');
  const folder = dir ?? forgeToTemp(contract, tinyContext(entry, task), [dtype]);
  const processor = await AutoProcessor.from_pretrained(folder);
  const model = await AutoModelForAudioTextToText.from_pretrained(folder, { dtype, device: 'cpu' });
  const prepare = async (audio: Float32Array): Promise<Inputs> => {
    const messages = [{ role: 'user', content: [{ type: 'audio' }, { type: 'text', text: 'What is said in this audio?' }] }];
    const prompt = processor.apply_chat_template(messages as never, { add_generation_prompt: true }) as string;
    return (await processor(prompt, audio)) as Inputs;
  };
  return { model, prepare };
}

describe('audio-text contract', () => {
  it('expands the placeholder to as many audio tokens as the encoder yields, for clips of any length, and generates exactly max_new_tokens', async () => {
    for (const family of ['ultravox', 'voxtral']) {
      const { model, prepare } = await load(family);
      for (const seconds of [0.73, 1, 2.2]) {
        const inputs = await prepare(sineWave(seconds));
        const out = (await model.generate({ ...inputs, max_new_tokens: MAX_NEW_TOKENS, do_sample: false })) as Tensor;
        expect(out.dims, `${family} ${seconds}s`).toEqual([1, inputs.input_ids!.dims[1]! + MAX_NEW_TOKENS]);
      }
      await model.dispose();
    }
  });

  it('generates with the KV cache exactly what a full recompute picks', async () => {
    const { model, prepare } = await load('ultravox');
    const inputs = await prepare(sineWave(1));
    const promptLength = inputs.input_ids!.dims[1]!;
    const sequence = Array.from(((await model.generate({ ...inputs, max_new_tokens: MAX_NEW_TOKENS, do_sample: false })) as Tensor).data as BigInt64Array);
    for (let step = 0; step < MAX_NEW_TOKENS; step++) {
      const prefix = sequence.slice(0, promptLength + step);
      const ids = new Tensor('int64', BigInt64Array.from(prefix), [1, prefix.length]);
      const mask = new Tensor('int64', new BigInt64Array(prefix.length).fill(1n), [1, prefix.length]);
      const { logits } = (await model({ ...inputs, input_ids: ids, attention_mask: mask })) as { logits: Tensor };
      const last = Array.from((logits.slice(null, -1, null) as Tensor).data as Float32Array);
      expect(BigInt(last.indexOf(Math.max(...last))), `step ${step}`).toBe(sequence[promptLength + step]);
    }
    await model.dispose();
  });

  it('feeds the audio into the language model: different clips give different logits', async () => {
    const { model, prepare } = await load('voxtral');
    const a = (await model(await prepare(sineWave(1, 16000, 440)))) as { logits: Tensor };
    const b = (await model(await prepare(sineWave(1, 16000, 1300)))) as { logits: Tensor };
    expect(maxAbsDiff(a.logits.data as Float32Array, b.logits.data as Float32Array)).toBeGreaterThan(1e-4);
    await model.dispose();
  });

  it('generates in every dtype and builds byte-identical folders twice', async () => {
    const { entry, task } = await familyTask('ultravox', 'audio-text-to-text');
    const dir = forgeToTemp(contract, tinyContext(entry, task), ALL_DTYPES);
    for (const dtype of ALL_DTYPES) {
      const { model, prepare } = await load('ultravox', dtype, dir);
      const inputs = await prepare(sineWave(1));
      const out = (await model.generate({ ...inputs, max_new_tokens: MAX_NEW_TOKENS, do_sample: false })) as Tensor;
      expect(out.dims[1], dtype).toBe(inputs.input_ids!.dims[1]! + MAX_NEW_TOKENS);
      await model.dispose();
    }
    const again = readTree(forgeToTemp(contract, tinyContext(entry, task), ALL_DTYPES));
    const first = readTree(dir);
    expect(Object.keys(again).sort()).toEqual(Object.keys(first).sort());
    for (const path of Object.keys(first)) expect(first[path]!.equals(again[path]!), path).toBe(true);
  });

  it('refuses families and tasks it does not forge, and a prompt without the placeholder', async () => {
    const whisper = await familyTask('whisper', 'automatic-speech-recognition');
    expect(contract.supports(whisper.entry, whisper.task)).toMatch(/not an Ultravox-style/);
    const { entry, task } = await familyTask('ultravox', 'audio-text-to-text');
    const processor = await AutoProcessor.from_pretrained(forgeToTemp(contract, tinyContext(entry, task), ['fp32']));
    await expect(processor('no placeholder here', sineWave(1))).rejects.toThrow(/does not contain/);
  });
});
