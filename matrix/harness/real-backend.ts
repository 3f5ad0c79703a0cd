/**
 * The real model behind `m`: transformers.js loads the files and ONNX Runtime runs the graph on the
 * cell's device. Tokenizer and processors are loaded lazily (once per model folder) and their load
 * failures are tagged stage `load`.
 */
import { existsSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import * as transformers from '@huggingface/transformers';
import { AutoFeatureExtractor, AutoImageProcessor, AutoProcessor, AutoTokenizer, RawImage, Tensor, cat } from '@huggingface/transformers';
import { HarnessError, StagedError, UnsupportedError } from './errors.js';
import type { ModelConfig, ModelInputs, ModelOutputs, TokenizeOptions } from './model-api.js';
import type { ModelBackend } from './model-backend.js';
import { graphInputs, type GraphInput } from './graph-inputs.js';
import { speakWith, type SpeakingModel } from './real-speech.js';
import { syntheticAudio, syntheticPixels, syntheticTrimap } from './synthetic-inputs.js';
import { STREAMING_AUDIO_PROCESSORS, streamedGenerateInputs, streamingAudioInputs, type StreamingAudioProcessor } from './streaming-audio.js';
import type { Device, Dtype, ModelSource } from './types.js';

/** Where and how to load one model. */
export interface LoadSpec {
  autoClass: string;
  /** Absolute folder, or a Hub id for sources `hub` / `cache`. */
  location: string;
  source: ModelSource;
  device: Device;
  dtype: Dtype;
  /** ONNX Runtime intra-op threads (MATRIX_ORT_THREADS); ORT's default when absent. */
  intraOpThreads?: number;
}

/** Shared per family: preprocessors keyed by `<kind>:<location>`, loaded once. */
export type PreprocessorCache = Map<string, Promise<unknown>>;

/** The minimal surface of a transformers.js PreTrainedModel the harness uses. */
interface PretrainedModel {
  config: ModelConfig;
  generation_config?: { eos_token_id?: number | number[] | null; decoder_start_token_id?: number | null } | null;
  forward(inputs: ModelInputs): Promise<Record<string, unknown>>;
  /** What `generate()` keeps of its arguments (with `main_input_name`). */
  forward_params?: string[];
  main_input_name?: string;
  sessions?: Record<string, { inputNames?: string[] }>;
  generate(options: Record<string, unknown>): Promise<unknown>;
  dispose(): Promise<unknown>;
}
type AutoLoader = { from_pretrained(id: string, options: Record<string, unknown>): Promise<unknown> };
type Callable = (...args: unknown[]) => Promise<Record<string, unknown>>;
type MediaTextProcessor = Callable & {
  apply_chat_template(messages: unknown[], options: Record<string, unknown>): string;
  feature_extractor?: { config?: { sampling_rate?: number } };
};
interface TokenizerLike {
  (texts: string[], options: Record<string, unknown>): Record<string, unknown>;
  padding_side: string;
  pad_token?: string | null;
  pad_token_id?: number | null;
  eos_token?: string | null;
  eos_token_id?: number | null;
  mask_token?: string | null;
  mask_token_id?: number | null;
  batch_decode(ids: number[][], options?: Record<string, unknown>): string[];
}

/** Loads the model with the cell's Auto class, device and dtype (one `from_pretrained`). */
export async function loadPretrained(spec: LoadSpec): Promise<PretrainedModel> {
  const auto = (transformers as unknown as Record<string, unknown>)[spec.autoClass] as AutoLoader | undefined;
  if (!/^Auto[A-Za-z0-9]+$/.test(spec.autoClass) || typeof auto?.from_pretrained !== 'function') {
    throw new HarnessError(
      'HARNESS_UNKNOWN_AUTO_CLASS',
      `transformers.js ${transformers.env.version} has no Auto class ${JSON.stringify(spec.autoClass)}.`,
      'Regenerate the tests for the installed transformers.js: npm run generate -- --all',
    );
  }
  return (await auto.from_pretrained(spec.location, {
    device: spec.device,
    // device 'auto' is what a user writes with no dtype: transformers.js picks the dtype too.
    dtype: spec.device === 'auto' ? undefined : spec.dtype,
    local_files_only: spec.source !== 'hub',
    session_options: { logSeverityLevel: 3, ...(spec.intraOpThreads ? { intraOpNumThreads: spec.intraOpThreads } : {}) },
  })) as PretrainedModel;
}

/** Wraps a loaded model as the backend of a real cell. */
export function realBackend(model: PretrainedModel, spec: LoadSpec, shared: PreprocessorCache): ModelBackend {
  const localOnly = spec.source !== 'hub';
  const once = <T>(kind: string, load: () => Promise<T>): Promise<T> => {
    const key = `${kind}:${spec.location}`;
    let p = shared.get(key) as Promise<T> | undefined;
    if (!p) {
      p = load();
      shared.set(key, p);
    }
    return p.catch((error: unknown) => {
      throw new StagedError('load', error);
    });
  };
  const tokenizer = () =>
    once('tokenizer', async () => {
      requireTokenizerFiles(spec.location);
      return (await AutoTokenizer.from_pretrained(spec.location, { local_files_only: localOnly })) as unknown as TokenizerLike;
    });
  const imageProcessor = () =>
    once('image', async () => (await AutoImageProcessor.from_pretrained(spec.location, { local_files_only: localOnly })) as unknown as Callable);
  const featureExtractor = () =>
    once('audio', async () => (await AutoFeatureExtractor.from_pretrained(spec.location, { local_files_only: localOnly })) as unknown as Callable & { config?: { sampling_rate?: number } });

  let vocoder: Promise<PretrainedModel> | undefined;
  const eosIds = (): number[] => {
    const eos = model.generation_config?.eos_token_id ?? (model.config.eos_token_id as number | number[] | undefined);
    return eos === undefined || eos === null ? [] : Array.isArray(eos) ? eos : [eos];
  };

  return {
    inference: 'real',
    config: model.config,
    async tokenize(texts, options: TokenizeOptions) {
      const tok = await tokenizer();
      const mask = tok.mask_token ?? null;
      tok.padding_side = options.paddingSide ?? 'right';
      if (tok.pad_token_id === null || tok.pad_token_id === undefined) {
        tok.pad_token = tok.eos_token ?? null;
        tok.pad_token_id = tok.eos_token_id ?? 0;
      }
      const encoded = tok(
        texts.map((t) => (mask ? t.replaceAll('[MASK]', mask) : t)),
        {
          text_pair: options.pairs ?? null,
          padding: options.padTo ? 'max_length' : true,
          max_length: options.padTo ?? null,
          truncation: options.padTo ? true : null,
          add_special_tokens: options.addSpecialTokens ?? true,
          return_tensor: true,
        },
      );
      return tensorsOf(encoded);
    },
    async maskToken() {
      const tok = await tokenizer();
      return tok.mask_token && typeof tok.mask_token_id === 'number' ? { token: tok.mask_token, id: tok.mask_token_id } : null;
    },
    async images(count, size) {
      const [width = 224, height = 224] = size;
      const proc = await imageProcessor();
      const images = Array.from({ length: count }, (_, i) => new RawImage(syntheticPixels(width, height, i), width, height, 3));
      return tensorsOf(await proc(images));
    },
    async audio(count, seconds) {
      const fe = await featureExtractor();
      const rate = fe.config?.sampling_rate ?? 16_000;
      const parts: ModelOutputs[] = [];
      for (let i = 0; i < count; i++) parts.push(tensorsOf(await fe(syntheticAudio(seconds, rate, i))));
      return Object.fromEntries(Object.keys(parts[0] ?? {}).map((k) => [k, cat(parts.map((p) => p[k]!), 0)]));
    },
    async mediaText(media, prompt) {
      const processor = await once('processor', async () => (await AutoProcessor.from_pretrained(spec.location, { local_files_only: localOnly })) as unknown as MediaTextProcessor);
      const [width = 224, height = 224] = media.imageSize ?? [];
      const rate = processor.feature_extractor?.config?.sampling_rate ?? 16_000;
      const item = media.audioSeconds ? syntheticAudio(media.audioSeconds, rate, 0) : new RawImage(syntheticPixels(width, height, 0), width, height, 3);
      if (item instanceof Float32Array && STREAMING_AUDIO_PROCESSORS.has(processor.constructor.name)) {
        // A streaming transcriber: audio only, no prompt to template.
        return tensorsOf(await streamingAudioInputs(processor as unknown as StreamingAudioProcessor, item));
      }
      if (item instanceof RawImage && processor.constructor.name === 'VLChatProcessor') {
        // Janus: the processor takes a conversation whose user turn holds the image placeholder and the image.
        const conversation = [
          { role: '<|User|>', content: `<image_placeholder>\n${prompt}`, images: [item] },
          { role: '<|Assistant|>', content: '' },
        ];
        return tensorsOf(await processor(conversation, { images: item }));
      }
      const kind = media.audioSeconds ? 'audio' : 'image';
      let text = prompt;
      try {
        text = processor.apply_chat_template([{ role: 'user', content: [{ type: kind }, { type: 'text', text: prompt }] }], { add_generation_prompt: true });
      } catch {
        // No chat template: the plain prompt.
      }
      // Processors disagree on argument order (images first or text first); try both.
      try {
        const out = await processor(item, text);
        if (out.input_ids instanceof Tensor) return tensorsOf(out);
      } catch {
        // the other order below
      }
      return tensorsOf(await processor(text, item));
    },
    async promptedImage(size, prompts) {
      const processor = await once('processor', async () => (await AutoProcessor.from_pretrained(spec.location, { local_files_only: localOnly })) as unknown as Callable);
      const [width = 224, height = 224] = size;
      return tensorsOf(await processor(new RawImage(syntheticPixels(width, height, 0), width, height, 3), prompts));
    },
    async imageWithTrimap(size) {
      const [width = 224, height = 224] = size;
      const proc = await imageProcessor();
      return tensorsOf(await proc(new RawImage(syntheticPixels(width, height, 0), width, height, 3), new RawImage(syntheticTrimap(width, height), width, height, 1)));
    },
    async graphInputs() {
      const sessions = (model as unknown as { sessions?: Record<string, { inputMetadata?: GraphInput[] }> }).sessions ?? {};
      const session = sessions.model ?? Object.values(sessions)[0];
      if (!session?.inputMetadata) throw new Error('the loaded model exposes no ONNX input metadata to build inputs from');
      return graphInputs(session.inputMetadata);
    },
    async forward(inputs) {
      return tensorsOf(await model.forward(inputs));
    },
    async encode(inputs) {
      const prepare = (model as unknown as { _prepare_encoder_decoder_kwargs_for_generation?: Callable })
        ._prepare_encoder_decoder_kwargs_for_generation;
      if (typeof prepare !== 'function') throw new Error(`${model.config.model_type} is not an encoder-decoder model (no encoder to run)`);
      const name = inputs.input_ids ? 'input_ids' : inputs.input_features ? 'input_features' : 'pixel_values';
      const prepared = await prepare.call(model, {
        inputs_tensor: inputs[name],
        model_inputs: { ...inputs },
        model_input_name: name,
        generation_config: { guidance_scale: null },
      });
      const encoded = prepared.encoder_outputs;
      if (!(encoded instanceof Tensor)) throw new Error('encoder returned no last_hidden_state');
      return encoded;
    },
    async encodeAudio(inputs) {
      return tensorsOf(await codec(model).encode(inputs));
    },
    async decodeAudio(codes) {
      return tensorsOf(await codec(model).decode(codes));
    },
    async speak(texts) {
      return speakWith(model as unknown as SpeakingModel, {
        location: spec.location,
        source: spec.source,
        tokenize: (t) => this.tokenize(t, {}),
        // The vocoder runs on the cell's device and dtype, as the model does; loaded once per cell, disposed with it.
        loadVocoder: (location) => {
          vocoder ??= loadPretrained({ ...spec, autoClass: 'AutoModel', location });
          return vocoder.catch((error: unknown) => {
            throw new StagedError('load', error);
          });
        },
      }, texts);
    },
    async generateCached(inputs, maxNewTokens, encoderOutputs) {
      const dropped = inputsGenerateDrops(model, inputs);
      if (dropped.length > 0) {
        throw new UnsupportedError(
          `transformers.js ${transformers.env.version} cannot generate with ${model.constructor.name}: generate() passes only its forward_params ` +
            `(${(model.forward_params ?? []).join(', ')}) and main input "${model.main_input_name}" on, so the encoder never gets ${dropped.join(', ')}`,
        );
      }
      const out = await model.generate({
        ...streamedGenerateInputs(model.constructor.name, inputs),
        ...(encoderOutputs ? { encoder_outputs: encoderOutputs } : {}),
        max_new_tokens: maxNewTokens,
        min_new_tokens: maxNewTokens,
        do_sample: false,
        num_beams: 1,
        repetition_penalty: 1.0,
        no_repeat_ngram_size: 0,
      });
      const sequences = out instanceof Tensor ? out : (out as { sequences?: unknown }).sequences;
      if (!(sequences instanceof Tensor)) throw new Error('generate returned no sequences');
      return sequences;
    },
    suppressedTokenIds: eosIds,
    decoderStartTokenId() {
      const id = model.generation_config?.decoder_start_token_id ?? model.config.decoder_start_token_id;
      return typeof id === 'number' ? id : null;
    },
    async decode(ids) {
      return (await tokenizer()).batch_decode(ids, { skip_special_tokens: true });
    },
    async dispose() {
      await model.dispose();
      if (vocoder) await (await vocoder.catch(() => undefined))?.dispose();
    },
  };
}

/** The encode / decode pair of a neural audio codec (DacModel, MimiModel, SnacModel, EncodecModel). */
function codec(model: PretrainedModel): { encode: Callable; decode: Callable } {
  const { encode, decode } = model as unknown as { encode?: unknown; decode?: unknown };
  if (typeof encode !== 'function' || typeof decode !== 'function') {
    throw new Error(`${model.constructor.name} is not an audio codec (no encode() and decode() of audio codes)`);
  }
  return { encode: (...args) => encode.apply(model, args), decode: (...args) => decode.apply(model, args) };
}

/**
 * Inputs an encoder-decoder model's encoder session declares and the caller has, which transformers.js's
 * `generate()` drops: it keeps only `forward_params` and `main_input_name` (SpeechT5ForSpeechToText in
 * 4.3.1 keeps input_ids / attention_mask, while its encoder takes input_values).
 */
function inputsGenerateDrops(model: PretrainedModel, inputs: ModelInputs): string[] {
  if (!model.config.is_encoder_decoder || !model.forward_params) return [];
  const kept = new Set([...model.forward_params, model.main_input_name ?? '']);
  const encoderInputs = model.sessions?.model?.inputNames ?? [];
  return encoderInputs.filter((name) => name in inputs && !kept.has(name));
}

/**
 * transformers.js answers a folder without tokenizer files with a TypeError about `tokenizer_class`;
 * say what is missing instead.
 */
function requireTokenizerFiles(location: string): void {
  if (!isAbsolute(location)) return;
  if (TOKENIZER_FILES.some((f) => existsSync(join(location, f)))) return;
  throw new HarnessError(
    'HARNESS_MISSING_FILE',
    `Tokenizer file not found: neither ${TOKENIZER_FILES.join(' nor ')} in ${location}.`,
    'Add the tokenizer files to the model folder (or re-forge it: matrix forge --family <family>).',
  );
}
const TOKENIZER_FILES = ['tokenizer.json', 'tokenizer_config.json'];

/** The Tensor-valued entries of a model or processor output. */
export function tensorsOf(value: Record<string, unknown>): ModelOutputs {
  const out: ModelOutputs = {};
  for (const [k, v] of Object.entries(value)) if (v instanceof Tensor) out[k] = v;
  return out;
}
