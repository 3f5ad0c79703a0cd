/**
 * Speech-in, text-out families of matrix/forge/multimodal (Granite Speech, Voxtral Realtime): each forged
 * model loads in transformers.js 4.3.1, runs its sessions for real, and gives the stated output shapes
 * in every dtype; two builds are byte-identical.
 */
import { describe, expect, it } from 'vitest';
import { AutoModelForAudioTextToText, AutoProcessor, env, Tensor } from '@huggingface/transformers';
import { graniteSpeechAudioTokens, graniteSpeechContract } from '../matrix/forge/multimodal/granite-speech-contract.js';
import { voxtralRealtimeContract } from '../matrix/forge/multimodal/voxtral-realtime-contract.js';
import { ALL_DTYPES, familyTask, forgeToTemp, differingBuilds, maxAbsDiff, sineWave, tinyContext } from './forge-media-helpers.js';

env.allowRemoteModels = false;

type Inputs = Record<string, Tensor>;

describe('forged Granite Speech', () => {
  async function forged(dtypes = ALL_DTYPES) {
    const { entry, task } = await familyTask('granite_speech', 'audio-text-to-text');
    const dir = forgeToTemp(graniteSpeechContract, tinyContext(entry, task), dtypes);
    return { dir, processor: await AutoProcessor.from_pretrained(dir) };
  }
  const prompt = (processor: Awaited<ReturnType<typeof AutoProcessor.from_pretrained>>) =>
    processor.apply_chat_template([{ role: 'user', content: [{ type: 'audio' }, { type: 'text', text: 'What is said?' }] }] as never, { add_generation_prompt: true }) as string;

  it('expands <|audio|> to the encoder token count and generates exactly max_new_tokens in every dtype', async () => {
    const { dir, processor } = await forged();
    for (const seconds of [1, 2.3]) {
      const audio = sineWave(seconds);
      const inputs = (await processor(prompt(processor), audio)) as Inputs;
      expect(inputs.input_features_mask!.dims).toEqual([1, graniteSpeechAudioTokens(audio.length)]);
      for (const dtype of ALL_DTYPES) {
        const model = await AutoModelForAudioTextToText.from_pretrained(dir, { dtype, device: 'cpu' });
        const out = (await model.generate({ ...inputs, max_new_tokens: 4, do_sample: false })) as Tensor;
        expect(out.dims, `${dtype} ${seconds}s`).toEqual([1, inputs.input_ids!.dims[1]! + 4]);
        await model.dispose();
      }
    }
  });

  it('the audio reaches the logits, and a prompt without <|audio|> is refused by the processor', async () => {
    const { dir, processor } = await forged(['fp32']);
    const model = await AutoModelForAudioTextToText.from_pretrained(dir, { dtype: 'fp32', device: 'cpu' });
    const a = (await model((await processor(prompt(processor), sineWave(1, 16000, 440))) as Inputs)) as { logits: Tensor };
    const b = (await model((await processor(prompt(processor), sineWave(1, 16000, 1300))) as Inputs)) as { logits: Tensor };
    expect(maxAbsDiff(a.logits.data as Float32Array, b.logits.data as Float32Array)).toBeGreaterThan(1e-4);
    await expect(processor('no audio token', sineWave(1))).rejects.toThrow(/audio token/);
    await model.dispose();
  });
});

describe('forged Voxtral Realtime', () => {
  it('streams the audio encoder chunk by chunk: generation stops when the audio is used up, one chunk or two give the same length, every dtype', async () => {
    const { entry, task } = await familyTask('voxtral_realtime', 'audio-text-to-text');
    const dir = forgeToTemp(voxtralRealtimeContract, tinyContext(entry, task));
    const processor = (await AutoProcessor.from_pretrained(dir)) as unknown as (a: Float32Array) => Promise<{ input_features: Tensor }>;
    const { input_features } = await processor(sineWave(1));
    const frames = input_features.dims[2]!;
    const half = Math.floor(frames / 2);
    const chunks = [input_features.slice(null, null, [0, half]), input_features.slice(null, null, [half, frames])] as Tensor[];
    const input_ids = new Tensor('int64', BigInt64Array.from([1n, 5n, 6n]), [1, 3]);
    for (const dtype of ALL_DTYPES) {
      const model = await AutoModelForAudioTextToText.from_pretrained(dir, { dtype, device: 'cpu' });
      const capped = (await model.generate({ input_ids, input_features: [input_features], max_new_tokens: 4, do_sample: false } as never)) as Tensor;
      expect(capped.dims, dtype).toEqual([1, 3 + 4]);
      const streamed = (await model.generate({ input_ids, input_features: chunks, max_new_tokens: 500, do_sample: false } as never)) as Tensor;
      expect(streamed.dims[1]!, dtype).toBeGreaterThan(3 + 4);
      expect(streamed.dims[1]!, dtype).toBeLessThan(3 + 500);
      await model.dispose();
    }
  });
});

describe('forged speech-text models: determinism and refusals', () => {
  it('builds byte-identical folders twice', async () => {
    const cases = [
      ['granite_speech', 'audio-text-to-text', graniteSpeechContract],
      ['voxtral_realtime', 'audio-text-to-text', voxtralRealtimeContract],
    ] as const;
    expect(await differingBuilds(cases)).toEqual([]);
  });

  it('refuses other families with the reason', async () => {
    const whisper = await familyTask('whisper', 'automatic-speech-recognition');
    expect(graniteSpeechContract.supports(whisper.entry, whisper.task)).toMatch(/not the granite_speech family/);
  });
});
