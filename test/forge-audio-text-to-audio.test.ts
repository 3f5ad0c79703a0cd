/**
 * Text-to-audio families of matrix/forge/audio (MusicGen, SpeechT5, Supertonic, StyleTTS 2): each
 * forged model loads in transformers.js 4.3.1, runs its sessions for real, and gives the stated output
 * shapes in every dtype; two builds are byte-identical.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  AutoModel,
  AutoModelForSpeechSeq2Seq,
  AutoModelForTextToSpectrogram,
  AutoModelForTextToWaveform,
  AutoProcessor,
  AutoTokenizer,
  env,
  Tensor,
} from '@huggingface/transformers';
import { MUSICGEN, musicgenContract } from '../matrix/forge/audio/musicgen-contract.js';
import { SPEECHT5, speechT5Contract } from '../matrix/forge/audio/speecht5-contract.js';
import { SUPERTONIC, supertonicContract } from '../matrix/forge/audio/supertonic-contract.js';
import { STYLE_TTS2, styleTextToSpeech2Contract } from '../matrix/forge/audio/style-text-to-speech-2-contract.js';
import { pipeline } from '@huggingface/transformers';
import { HIFIGAN } from '../matrix/forge/audio/hifigan.js';
import { ALL_DTYPES, familyTask, forgeToTemp, differingBuilds, maxAbsDiff, sineWave, tinyContext } from './forge-media-helpers.js';

env.allowRemoteModels = false;

type Inputs = Record<string, Tensor>;

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

describe('forged audio models: determinism and refusals', () => {
  it('builds byte-identical folders twice', async () => {
    const cases = [
      ['musicgen', 'text-to-audio', musicgenContract],
      ['speecht5', 'text-to-audio', speechT5Contract],
      ['speecht5', 'automatic-speech-recognition', speechT5Contract],
      ['supertonic', 'text-to-audio', supertonicContract],
      ['style_text_to_speech_2', 'text-to-audio', styleTextToSpeech2Contract],
    ] as const;
    expect(await differingBuilds(cases)).toEqual([]);
  });

  it('refuses other families with the reason', async () => {
    const whisper = await familyTask('whisper', 'automatic-speech-recognition');
    expect(musicgenContract.supports(whisper.entry, whisper.task)).toMatch(/not the musicgen family/);
    expect(speechT5Contract.supports(whisper.entry, whisper.task)).toMatch(/not the speecht5 family/);
  });
});
