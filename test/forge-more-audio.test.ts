/**
 * Granite Speech (audio-text-to-text) and MusicGen (text-to-audio): each forged model loads in
 * transformers.js 4.3.1, runs its sessions for real, and gives the stated output shapes in every
 * dtype; two builds are byte-identical.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  AutoModel,
  AutoModelForAudioTextToText,
  AutoModelForSpeechSeq2Seq,
  AutoModelForTextToSpectrogram,
  AutoModelForTextToWaveform,
  AutoProcessor,
  AutoTokenizer,
  env,
  Tensor,
} from '@huggingface/transformers';
import { graniteSpeechAudioTokens, graniteSpeechContract } from '../matrix/forge/contracts/granite-speech.js';
import { MUSICGEN, musicgenContract } from '../matrix/forge/contracts/musicgen.js';
import { SPEECHT5, speechT5Contract } from '../matrix/forge/contracts/speecht5.js';
import { SUPERTONIC, supertonicContract } from '../matrix/forge/contracts/supertonic.js';
import { STYLE_TTS2, styleTextToSpeech2Contract } from '../matrix/forge/contracts/style-text-to-speech-2.js';
import { voxtralRealtimeContract } from '../matrix/forge/contracts/voxtral-realtime.js';
import { pipeline } from '@huggingface/transformers';
import { HIFIGAN } from '../matrix/forge/misc/hifigan.js';
import { ALL_DTYPES, familyTask, forgeToTemp, maxAbsDiff, readTree, sineWave, tinyContext } from './forge-media-helpers.js';

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

describe('forged MusicGen', () => {
  it('generate() returns audio_values [batch, 1, (max_new_tokens + 1 − codebooks) · hop] in every dtype, batched', async () => {
    const { entry, task } = await familyTask('musicgen', 'text-to-audio');
    const dir = forgeToTemp(musicgenContract, tinyContext(entry, task));
    const tokenizer = await AutoTokenizer.from_pretrained(dir);
    const inputs = tokenizer(['Hello, my dog is cute.', 'hi'], { padding: true }) as Inputs;
    const maxNewTokens = 8;
    for (const dtype of ALL_DTYPES) {
      const model = await AutoModelForTextToWaveform.from_pretrained(dir, { dtype, device: 'cpu' });
      const audio = (await (model as unknown as { generate(o: unknown): Promise<Tensor> }).generate({ ...inputs, max_new_tokens: maxNewTokens })) as Tensor;
      expect(audio.dims, dtype).toEqual([2, 1, (maxNewTokens + 1 - MUSICGEN.codebooks) * MUSICGEN.hop]);
      expect(Array.from(audio.data as Float32Array).every(Number.isFinite), dtype).toBe(true);
      await model.dispose();
    }
  });

  it('the text conditions the audio: different prompts give different waveforms', async () => {
    const { entry, task } = await familyTask('musicgen', 'text-to-audio');
    const dir = forgeToTemp(musicgenContract, tinyContext(entry, task), ['fp32']);
    const tokenizer = await AutoTokenizer.from_pretrained(dir);
    const model = await AutoModelForTextToWaveform.from_pretrained(dir, { dtype: 'fp32', device: 'cpu' });
    const generate = (text: string) => (model as unknown as { generate(o: unknown): Promise<Tensor> }).generate({ ...(tokenizer(text) as Inputs), max_new_tokens: 6 });
    const a = await generate('a calm piano');
    const b = await generate('loud drums and bass!');
    expect(a.dims).toEqual(b.dims);
    expect(maxAbsDiff(a.data as Float32Array, b.data as Float32Array)).toBeGreaterThan(1e-4);
    await model.dispose();
  });
});

describe('forged SpeechT5', () => {
  it('text-to-speech: generate_speech with the shipped vocoder gives reduction·steps frames and a waveform, in every dtype', async () => {
    const { entry, task } = await familyTask('speecht5', 'text-to-audio');
    const dir = forgeToTemp(speechT5Contract, tinyContext(entry, task));
    const tokenizer = await AutoTokenizer.from_pretrained(dir);
    const { input_ids } = tokenizer('Hello, my dog is cute.') as Inputs;
    const speaker = new Tensor('float32', new Float32Array(SPEECHT5.speakerDim).fill(0.1), [1, SPEECHT5.speakerDim]);
    const steps = Math.floor((input_ids!.dims[1]! / SPEECHT5.reduction) * 2);
    for (const dtype of ALL_DTYPES) {
      const vocoder = await AutoModel.from_pretrained(join(dir, 'vocoder'), { dtype, device: 'cpu' });
      const model = (await AutoModelForTextToSpectrogram.from_pretrained(dir, { dtype, device: 'cpu' })) as unknown as {
        generate_speech(ids: Tensor, speaker: Tensor, o: unknown): Promise<{ spectrogram: Tensor; waveform: Tensor }>;
        dispose(): Promise<unknown>;
      };
      const { spectrogram, waveform } = await model.generate_speech(input_ids!, speaker, { vocoder, maxlenratio: 2 });
      expect(spectrogram.dims, dtype).toEqual([steps * SPEECHT5.reduction, SPEECHT5.melBins]);
      expect(waveform.dims, dtype).toEqual([steps * SPEECHT5.reduction * HIFIGAN.upsample]);
      await model.dispose();
      await vocoder.dispose();
    }
  });

  it('speech-to-text: a forward pass on processor input_values gives logits per decoder token (generate() drops input_values in 4.3.1)', async () => {
    const { entry, task } = await familyTask('speecht5', 'automatic-speech-recognition');
    const dir = forgeToTemp(speechT5Contract, tinyContext(entry, task));
    const processor = await AutoProcessor.from_pretrained(dir);
    const inputs = (await processor(sineWave(0.5))) as Inputs;
    const decoderIds = new Tensor('int64', BigInt64Array.from([2n, 5n, 7n]), [1, 3]);
    for (const dtype of ALL_DTYPES) {
      const model = await AutoModelForSpeechSeq2Seq.from_pretrained(dir, { dtype, device: 'cpu' });
      const { logits } = (await model({ ...inputs, decoder_input_ids: decoderIds })) as { logits: Tensor };
      expect(logits.dims[0], dtype).toBe(1);
      expect(logits.dims[1], dtype).toBe(3);
      expect(Array.from(logits.data as Float32Array).every(Number.isFinite), dtype).toBe(true);
      await expect(model.generate({ ...inputs, max_new_tokens: 2 }), dtype).rejects.toThrow(/input_values/);
      await model.dispose();
    }
  });
});

describe('forged Supertonic', () => {
  const styleSize = SUPERTONIC.styleTokens * SUPERTONIC.styleDim;

  it('generate_speech runs encoder, denoiser steps and decoder: waveform covers the longest duration, in every dtype', async () => {
    const { entry, task } = await familyTask('supertonic', 'text-to-audio');
    const dir = forgeToTemp(supertonicContract, tinyContext(entry, task));
    const tokenizer = await AutoTokenizer.from_pretrained(dir);
    const inputs = tokenizer(['Hello, my dog is cute.', 'hi'], { padding: true }) as Inputs;
    const style = new Tensor('float32', Float32Array.from({ length: 2 * styleSize }, (_, i) => Math.sin(i)), [2, SUPERTONIC.styleTokens, SUPERTONIC.styleDim]);
    const chunk = SUPERTONIC.baseChunk * SUPERTONIC.compress;
    for (const dtype of ALL_DTYPES) {
      const model = (await AutoModelForTextToWaveform.from_pretrained(dir, { dtype, device: 'cpu' })) as unknown as {
        generate_speech(o: unknown): Promise<{ waveform: Tensor; durations: Tensor }>;
        dispose(): Promise<unknown>;
      };
      const { waveform, durations } = await model.generate_speech({ ...inputs, style, num_inference_steps: 3 });
      const longest = Math.max(...Array.from(durations.data as Float32Array));
      expect(waveform.dims, dtype).toEqual([2, Math.ceil(longest / chunk) * chunk]);
      const [long, short] = Array.from(durations.data as Float32Array);
      expect(long!, dtype).toBeGreaterThan(short!);
      await model.dispose();
    }
  });

  it('the text-to-audio pipeline trims each item to its duration and refuses a call without speaker embeddings', async () => {
    const { entry, task } = await familyTask('supertonic', 'text-to-audio');
    const dir = forgeToTemp(supertonicContract, tinyContext(entry, task), ['fp32']);
    const pipe = (await pipeline('text-to-audio', dir, { dtype: 'fp32' } as never)) as unknown as (t: string, o?: unknown) => Promise<{ audio: Float32Array; sampling_rate: number }>;
    const out = await pipe('Hello there', { speaker_embeddings: new Float32Array(styleSize).fill(0.1), num_inference_steps: 2 });
    expect(out.sampling_rate).toBe(SUPERTONIC.samplingRate);
    expect(out.audio.length).toBeGreaterThan(0);
    await expect(pipe('Hello there', {})).rejects.toThrow(/Speaker embeddings must be provided/);
  });
});

describe('forged StyleTTS 2 (Kokoro)', () => {
  it('a forward pass gives a waveform of whole frames per token; faster speech is shorter; every dtype', async () => {
    const { entry, task } = await familyTask('style_text_to_speech_2', 'text-to-audio');
    const dir = forgeToTemp(styleTextToSpeech2Contract, tinyContext(entry, task));
    const tokenizer = await AutoTokenizer.from_pretrained(dir);
    const { input_ids } = tokenizer('Hello, my dog is cute.') as Inputs;
    const tokens = input_ids!.dims[1]!;
    const style = new Tensor('float32', new Float32Array(STYLE_TTS2.styleDim).fill(0.2), [1, STYLE_TTS2.styleDim]);
    const speed = (v: number) => new Tensor('float32', Float32Array.of(v), [1]);
    for (const dtype of ALL_DTYPES) {
      const model = (await AutoModel.from_pretrained(dir, { dtype, device: 'cpu' })) as unknown as (i: Inputs) => Promise<{ waveform: Tensor }>;
      const normal = (await model({ input_ids: input_ids!, style, speed: speed(1) })).waveform;
      const fast = (await model({ input_ids: input_ids!, style, speed: speed(3) })).waveform;
      expect(normal.dims.length, dtype).toBe(1);
      expect(normal.dims[0]! % STYLE_TTS2.samplesPerFrame, dtype).toBe(0);
      expect(normal.dims[0]!, dtype).toBeGreaterThanOrEqual(tokens * STYLE_TTS2.samplesPerFrame);
      expect(normal.dims[0]!, dtype).toBeLessThanOrEqual(tokens * STYLE_TTS2.maxFrames * STYLE_TTS2.samplesPerFrame);
      expect(fast.dims[0]!, dtype).toBeLessThan(normal.dims[0]!);
      await (model as unknown as { dispose(): Promise<unknown> }).dispose();
    }
  });

  it('a call without style is refused by the session, naming the missing input', async () => {
    const { entry, task } = await familyTask('style_text_to_speech_2', 'text-to-audio');
    const dir = forgeToTemp(styleTextToSpeech2Contract, tinyContext(entry, task), ['fp32']);
    const tokenizer = await AutoTokenizer.from_pretrained(dir);
    const model = (await AutoModel.from_pretrained(dir, { dtype: 'fp32', device: 'cpu' })) as unknown as (i: Inputs) => Promise<unknown>;
    await expect(model(tokenizer('hi') as Inputs)).rejects.toThrow(/style/);
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

describe('forged audio models: determinism and refusals', () => {
  it('builds byte-identical folders twice', async () => {
    const cases = [
      ['granite_speech', 'audio-text-to-text', graniteSpeechContract],
      ['musicgen', 'text-to-audio', musicgenContract],
      ['speecht5', 'text-to-audio', speechT5Contract],
      ['speecht5', 'automatic-speech-recognition', speechT5Contract],
      ['supertonic', 'text-to-audio', supertonicContract],
      ['style_text_to_speech_2', 'text-to-audio', styleTextToSpeech2Contract],
      ['voxtral_realtime', 'audio-text-to-text', voxtralRealtimeContract],
    ] as const;
    for (const [family, taskName, contract] of cases) {
      const { entry, task } = await familyTask(family, taskName);
      const a = readTree(forgeToTemp(contract, tinyContext(entry, task)));
      const b = readTree(forgeToTemp(contract, tinyContext(entry, task)));
      expect(Object.keys(a).sort()).toEqual(Object.keys(b).sort());
      for (const path of Object.keys(a)) expect(a[path]!.equals(b[path]!), `${family} ${path}`).toBe(true);
    }
  });

  it('refuses other families with the reason', async () => {
    const whisper = await familyTask('whisper', 'automatic-speech-recognition');
    expect(graniteSpeechContract.supports(whisper.entry, whisper.task)).toMatch(/not the granite_speech family/);
    expect(musicgenContract.supports(whisper.entry, whisper.task)).toMatch(/not the musicgen family/);
    expect(speechT5Contract.supports(whisper.entry, whisper.task)).toMatch(/not the speecht5 family/);
  });
});
