/**
 * How to drive the forged models that neither a transformers.js pipeline nor a generic
 * processor → model call can run (the processor takes a conversation or needs `<image>` in the
 * text, generation goes through generate_speech / generate with codebooks, or the model wants
 * style / speaker inputs), by forge contract name and task. `matrix forge --coverage` uses them
 * for its smoke run; they are also the recipe generated tests follow.
 */
import { join } from 'node:path';
import { SUPERTONIC } from '../audio/supertonic-contract.js';

type Transformers = typeof import('@huggingface/transformers');
/** One real run of the forged model in `dir` (cpu, fp32); throws when anything fails. */
export type SmokeDriver = (t: Transformers, dir: string) => Promise<void>;

const options = { dtype: 'fp32', device: 'cpu', local_files_only: true } as const;
type Loaded = ((inputs: unknown) => Promise<unknown>) & { generate(o: unknown): Promise<unknown>; dispose(): Promise<unknown> } & Record<string, any>;
const load = async (t: Transformers, autoClass: string, dir: string): Promise<Loaded> =>
  (await (t as unknown as Record<string, { from_pretrained(d: string, o: unknown): Promise<Loaded> }>)[autoClass]!.from_pretrained(dir, options));
const image = (t: Transformers, w = 64, h = 48) => new t.RawImage(new Uint8ClampedArray(w * h * 3).map((_, i) => (i * 37) % 256), w, h, 3);
const tone = (seconds: number) => Float32Array.from({ length: Math.round(16000 * seconds) }, (_, i) => Math.sin(i / 10) * 0.1);

/** An encoder-decoder's first decoder input: its start token, [1, 1]. */
const startToken = (t: Transformers, m: Loaded) => new t.Tensor('int64', BigInt64Array.of(BigInt((m.config as { decoder_start_token_id: number }).decoder_start_token_id)), [1, 1]);

async function run(model: Loaded, call: (m: Loaded) => Promise<unknown>): Promise<void> {
  try {
    await call(model);
  } finally {
    await model.dispose();
  }
}

/** Drivers by `${contract}/${task}`. */
export const SMOKE_DRIVERS: Readonly<Record<string, SmokeDriver>> = Object.freeze({
  // An encoder-decoder's bare model (BartModel, T5Model, …): the feature-extraction pipeline sends no decoder
  // input (transformers.js 4.3.1: "Missing the following inputs: input_ids"), so one forward fed the start token.
  // The bare WhisperModel / CohereAsrModel: the same, from the feature extractor's input_features.
  'speech-seq2seq/audio-feature-extraction': async (t, dir) => {
    const extractor = await t.AutoFeatureExtractor.from_pretrained(dir, options);
    const features = await (extractor as unknown as (a: Float32Array) => Promise<object>)(tone(1));
    await run(await load(t, 'AutoModel', dir), (m) => m({ ...features, decoder_input_ids: startToken(t, m) }));
  },
  'text-seq2seq/feature-extraction': async (t, dir) => {
    const tokenizer = await t.AutoTokenizer.from_pretrained(dir, options);
    await run(await load(t, 'AutoModel', dir), (m) => m({ ...(tokenizer('Hello, my dog is cute.') as object), decoder_input_ids: startToken(t, m) }));
  },
  // Idefics3Processor(text, images): the text must hold `<image>`; the image-to-text pipeline sends images only.
  'idefics3-image-text/image-to-text': async (t, dir) => {
    const processor = await t.AutoProcessor.from_pretrained(dir, options);
    const inputs = await (processor as unknown as (text: string, images: unknown) => Promise<object>)('<image>', image(t));
    await run(await load(t, 'AutoModelForVision2Seq', dir), (m) => m.generate({ ...inputs, max_new_tokens: 2, do_sample: false }));
  },
  // MusicGen: tokenizer → generate (the pipeline calls a forward pass without decoder ids); max_new_tokens > codebooks.
  'musicgen/text-to-audio': async (t, dir) => {
    const tokenizer = await t.AutoTokenizer.from_pretrained(dir, options);
    await run(await load(t, 'AutoModelForTextToWaveform', dir), (m) => m.generate({ ...(tokenizer('Hello, my dog is cute.') as object), max_new_tokens: 8 }));
  },
  // SpeechT5 text-to-speech: generate_speech with speaker embeddings and the vocoder shipped in vocoder/.
  'speecht5/text-to-audio': async (t, dir) => {
    const tokenizer = await t.AutoTokenizer.from_pretrained(dir, options);
    const model = await load(t, 'AutoModelForTextToSpectrogram', dir);
    const dim = (model.config as { speaker_embedding_dim: number }).speaker_embedding_dim;
    const vocoder = await load(t, 'AutoModel', join(dir, 'vocoder'));
    const { input_ids } = tokenizer('Hello, my dog is cute.') as { input_ids: unknown };
    await run(model, (m) => m.generate_speech(input_ids, new t.Tensor('float32', new Float32Array(dim).fill(0.1), [1, dim]), { vocoder, maxlenratio: 2 }));
    await vocoder.dispose();
  },
  // SpeechT5 speech-to-text: generate() drops input_values in transformers.js 4.3.1, so one forward with decoder ids.
  'speecht5/automatic-speech-recognition': async (t, dir) => {
    const processor = await t.AutoProcessor.from_pretrained(dir, options);
    const inputs = await (processor as unknown as (a: Float32Array) => Promise<object>)(tone(0.5));
    const decoder_input_ids = new t.Tensor('int64', BigInt64Array.from([2n]), [1, 1]);
    await run(await load(t, 'AutoModelForSpeechSeq2Seq', dir), (m) => m({ ...inputs, decoder_input_ids }));
  },
  // Janus: VLChatProcessor(conversation, { images }); then generate (text).
  'janus-any-to-any/any-to-any': async (t, dir) => {
    const processor = await t.AutoProcessor.from_pretrained(dir, options);
    const img = image(t);
    const conversation = [{ role: '<|User|>', content: '<image_placeholder>\nDescribe this image.', images: [img] }, { role: '<|Assistant|>', content: '' }];
    const inputs = await (processor as unknown as (c: unknown, o: unknown) => Promise<object>)(conversation, { images: img });
    await run(await load(t, 'AutoModel', dir), (m) => m.generate({ ...inputs, max_new_tokens: 2, do_sample: false }));
  },
  // Supertonic: the pipeline needs speaker_embeddings (style tokens × style_dim floats).
  'supertonic/text-to-audio': async (t, dir) => {
    const { styleTokens, styleDim } = SUPERTONIC;
    const pipe = (await t.pipeline('text-to-audio', dir, options as never)) as unknown as ((text: string, o: unknown) => Promise<unknown>) & { dispose(): Promise<unknown> };
    await pipe('Hello, my dog is cute.', { speaker_embeddings: new Float32Array(styleTokens * styleDim).fill(0.1), num_inference_steps: 2 });
    await pipe.dispose();
  },
  // StyleTTS 2 / Kokoro: a forward with input_ids, style [1, style_dim] and speed [1].
  'style-text-to-speech-2/text-to-audio': async (t, dir) => {
    const tokenizer = await t.AutoTokenizer.from_pretrained(dir, options);
    const model = await load(t, 'AutoModel', dir);
    const { style_dim } = model.config as { style_dim: number };
    const { input_ids } = tokenizer('Hello, my dog is cute.') as { input_ids: unknown };
    await run(model, (m) => m({ input_ids, style: new t.Tensor('float32', new Float32Array(style_dim).fill(0.2), [1, style_dim]), speed: new t.Tensor('float32', Float32Array.of(1), [1]) }));
  },
  // Voxtral Realtime: generate() takes input_features as an iterable of chunks and stops when the audio is used up.
  'voxtral-realtime/audio-text-to-text': async (t, dir) => {
    const processor = await t.AutoProcessor.from_pretrained(dir, options);
    const { input_features } = await (processor as unknown as (a: Float32Array) => Promise<{ input_features: unknown }>)(tone(1));
    const input_ids = new t.Tensor('int64', BigInt64Array.from([1n]), [1, 1]);
    await run(await load(t, 'AutoModelForAudioTextToText', dir), (m) => m.generate({ input_ids, input_features: [input_features], max_new_tokens: 4, do_sample: false }));
  },
  // Grounding DINO: one prompt per image — the candidate labels joined ("a cat. a dog."), not a list.
  'grounding-dino/zero-shot-object-detection': async (t, dir) => {
    const pipe = (await t.pipeline('zero-shot-object-detection', dir, options as never)) as unknown as ((i: unknown, l: string[], o: unknown) => Promise<unknown>) & { dispose(): Promise<unknown> };
    await pipe(image(t), ['a photo of a cat. a photo of a dog.'], { threshold: 0.1 });
    await pipe.dispose();
  },
  // CLIPSeg: the image-segmentation pipeline sends no text; the model takes prompts (tokenizer) + images (processor).
  'text-conditioned-segmentation/image-segmentation': async (t, dir) => {
    const tokenizer = await t.AutoTokenizer.from_pretrained(dir, options);
    const processor = await t.AutoProcessor.from_pretrained(dir, options);
    const prompts = ['a cat', 'a dog'];
    const pixels = await (processor as unknown as (i: unknown[]) => Promise<object>)([image(t), image(t)]);
    await run(await load(t, 'AutoModel', dir), (m) => m({ ...(tokenizer(prompts, { padding: true }) as object), ...pixels }));
  },
  // ViTMatte: the processor takes the image and a one-channel trimap (0 background, 128 unknown, 255 foreground);
  // no pipeline exists for image matting.
  'vision-dense/image-matting': async (t, dir) => {
    const processor = await t.AutoProcessor.from_pretrained(dir, options);
    const trimap = new t.RawImage(new Uint8ClampedArray(64 * 48).map((_, i) => [0, 128, 255][i % 3]!), 64, 48, 1);
    const inputs = await (processor as unknown as (i: unknown, trimap: unknown) => Promise<object>)(image(t), trimap);
    await run(await load(t, 'AutoModelForImageMatting', dir), (m) => m(inputs));
  },
  // Dual encoders as models, not pipelines: JinaCLIP returns embeddings only (no logits_per_image), which the
  // zero-shot pipeline cannot rank, and its vision model is not driven by the feature-extraction pipeline.
  'dual-encoder/zero-shot-image-classification': async (t, dir) => {
    const tokenizer = await t.AutoTokenizer.from_pretrained(dir, options);
    const processor = await t.AutoImageProcessor.from_pretrained(dir, options);
    const pixels = await (processor as unknown as (i: unknown[]) => Promise<object>)([image(t)]);
    const text = tokenizer(['a photo of a cat', 'a photo of a dog'], { padding: 'max_length', truncation: true }) as object;
    await run(await load(t, 'AutoModel', dir), (m) => m({ ...text, ...pixels }));
  },
  'dual-encoder/image-feature-extraction': async (t, dir) => {
    const processor = await t.AutoImageProcessor.from_pretrained(dir, options);
    const pixels = await (processor as unknown as (i: unknown[]) => Promise<object>)([image(t)]);
    await run(await load(t, 'AutoModelForImageFeatureExtraction', dir), (m) => m(pixels));
  },
});
