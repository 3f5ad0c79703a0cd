/**
 * Text to speech / music on a real model (`m.speak`), one driver per model class transformers.js 4.3.1
 * has for it, each on a fixed voice so that two calls (and two dtypes) see the same inputs:
 * - MusicgenForConditionalGeneration: greedy `generate` of 8 tokens → `audio_values`; parity compares the
 *   first decoding step's logits (the codes after it are generated, like text).
 * - SpeechT5ForTextToSpeech: `generate_speech` with a constant speaker embedding and the vocoder in the
 *   model's `vocoder/` folder (the Hub's Xenova/speecht5_hifigan for a hub model), for exactly twice the
 *   encoder length / reduction factor (threshold above 1: no early stop); parity compares the spectrogram.
 * - SupertonicForConditionalGeneration: `generate_speech` with a constant style, 2 denoising steps, noise
 *   from transformers.js's `random` seeded with 0; parity compares the waveform and the predicted durations.
 * - StyleTextToSpeech2Model (Kokoro): one forward with a constant style and speed 1.
 */
import { existsSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import * as transformers from '@huggingface/transformers';
import { Tensor } from '@huggingface/transformers';
import { UnsupportedError } from './errors.js';
import type { ModelInputs, SpeechOutputs } from './model-api.js';
import type { ModelSource } from './types.js';

/** The loaded model as the speech drivers see it. */
export interface SpeakingModel {
  config: Record<string, unknown>;
  constructor: { name: string };
  sessions?: Record<string, { inputMetadata?: ReadonlyArray<{ name: string; shape?: ReadonlyArray<number | string> }> }>;
  generate(options: Record<string, unknown>): Promise<unknown>;
  forward(inputs: ModelInputs): Promise<Record<string, unknown>>;
}

/** Where the model came from, and how to load its SpeechT5 vocoder (once per family). */
export interface SpeakContext {
  location: string;
  source: ModelSource;
  tokenize(texts: string[]): Promise<ModelInputs>;
  loadVocoder(location: string): Promise<unknown>;
}

/** MusicGen's new tokens per call: more than its codebooks, so the delay pattern leaves audio frames. */
export const MUSICGEN_NEW_TOKENS = 8;
const SPEECHT5_MAX_LEN_RATIO = 2;
const SUPERTONIC_STEPS = 2;
const NOISE_SEED = 0;
const HUB_SPEECHT5_VOCODER = 'Xenova/speecht5_hifigan';

export async function speakWith(model: SpeakingModel, context: SpeakContext, texts: string[]): Promise<SpeechOutputs> {
  const name = model.constructor.name;
  const inputs = await context.tokenize(texts);
  const batch = inputs.input_ids?.dims[0] ?? 1;
  switch (name) {
    case 'MusicgenForConditionalGeneration': {
      const decoder = model.config.decoder as { num_codebooks: number; pad_token_id: number };
      const start = BigInt(decoder.pad_token_id);
      const first = await model.forward({ ...inputs, decoder_input_ids: new Tensor('int64', new BigInt64Array(batch * decoder.num_codebooks).fill(start), [batch * decoder.num_codebooks, 1]) });
      const audio = await model.generate({ ...inputs, max_new_tokens: MUSICGEN_NEW_TOKENS, do_sample: false, guidance_scale: null });
      return { waveform: asBatchRows(audio, batch), compared: { logits: tensor(first.logits, 'logits') } };
    }
    case 'SpeechT5ForTextToSpeech': {
      const dim = model.config.speaker_embedding_dim as number;
      const vocoder = await context.loadVocoder(vocoderLocation(context));
      const speaker = new Tensor('float32', new Float32Array(batch * dim).fill(0.1), [batch, dim]);
      const generateSpeech = (model as unknown as { generate_speech: (ids: unknown, s: unknown, o: unknown) => Promise<Record<string, unknown>> }).generate_speech;
      const out = await generateSpeech.call(model, inputs.input_ids, speaker, { vocoder, threshold: 2, minlenratio: 0, maxlenratio: SPEECHT5_MAX_LEN_RATIO });
      return { waveform: asBatchRows(out.waveform, batch), compared: { spectrogram: tensor(out.spectrogram, 'spectrogram') } };
    }
    case 'SupertonicForConditionalGeneration': {
      const styleDim = model.config.style_dim as number;
      const tokens = styleTokens(model);
      const style = new Tensor('float32', new Float32Array(batch * tokens * styleDim).fill(0.1), [batch, tokens, styleDim]);
      const generateSpeech = (model as unknown as { generate_speech: (o: unknown) => Promise<Record<string, unknown>> }).generate_speech;
      transformers.random.seed(NOISE_SEED);
      // A web cell's model runs in the page, whose transformers.js has its own random.
      await (model as { seedRandom?: (seed: number) => Promise<void> }).seedRandom?.(NOISE_SEED);
      const out = await generateSpeech.call(model, { ...inputs, style, num_inference_steps: SUPERTONIC_STEPS });
      const waveform = asBatchRows(out.waveform, batch);
      return { waveform, compared: { waveform, durations: tensor(out.durations, 'durations') } };
    }
    case 'StyleTextToSpeech2Model': {
      const styleDim = model.config.style_dim as number;
      const out = await model.forward({
        input_ids: inputs.input_ids!,
        style: new Tensor('float32', new Float32Array(batch * styleDim).fill(0.2), [batch, styleDim]),
        speed: new Tensor('float32', new Float32Array(batch).fill(1), [batch]),
      });
      const waveform = asBatchRows(out.waveform, batch);
      return { waveform, compared: { waveform } };
    }
    default:
      throw new UnsupportedError(
        `the harness has no text-to-audio driver for ${name}; it drives MusicgenForConditionalGeneration, SpeechT5ForTextToSpeech, ` +
          'SupertonicForConditionalGeneration and StyleTextToSpeech2Model (VITS-style models run through m.forward)',
      );
  }
}

/** SpeechT5's vocoder: `vocoder/` in a model folder, else the Hub's HiFi-GAN for a hub model. */
function vocoderLocation(context: SpeakContext): string {
  if (isAbsolute(context.location)) {
    const local = join(context.location, 'vocoder');
    if (existsSync(join(local, 'config.json'))) return local;
    throw new UnsupportedError(`SpeechT5 text-to-speech needs a vocoder; ${local} holds none (put the HiFi-GAN vocoder's folder there)`);
  }
  if (context.source === 'hub') return HUB_SPEECHT5_VOCODER;
  throw new UnsupportedError(`SpeechT5 text-to-speech needs a vocoder; ${HUB_SPEECHT5_VOCODER} is not in the cache and the Hub is not allowed`);
}

/** Style tokens of Supertonic's text encoder (its `style` input is [batch, tokens, style_dim]); 1 when symbolic. */
function styleTokens(model: SpeakingModel): number {
  const style = model.sessions?.text_encoder?.inputMetadata?.find((m) => m.name === 'style');
  const tokens = style?.shape?.[1];
  return typeof tokens === 'number' && tokens > 0 ? tokens : 1;
}

function tensor(value: unknown, what: string): Tensor {
  if (!(value instanceof Tensor)) throw new Error(`the model returned no ${what} tensor`);
  return value;
}

/** A waveform as [batch, samples], whatever leading singleton dims the model gives it. */
function asBatchRows(value: unknown, batch: number): Tensor {
  const t = tensor(value, 'waveform');
  const samples = t.data.length / batch;
  return new Tensor(t.type as 'float32', t.data as Float32Array, [batch, samples]);
}
