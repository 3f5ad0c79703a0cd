/**
 * The mock behind a 🔷 cell: no model files were reachable, so a deterministic stand-in returns real
 * transformers.js Tensors of the shapes the task head would return. The test's assertions still run;
 * the cell is stored with `inference: 'mock'` and never counts as a real pass.
 */
import { Tensor } from '@huggingface/transformers';
import { greedyRecompute } from './greedy-recompute.js';
import { MOCK_HEADS, MOCK_SIZES, mockBaseModel } from './mock-heads.js';
import { MOCK_TOKENS, MOCK_VOCAB_SIZE, mockDecode, mockTokenize } from './mock-tokenizer.js';
import type { ModelConfig, ModelInputs } from './model-api.js';
import type { ModelBackend } from './model-backend.js';
import { syntheticAudio, syntheticPixels, syntheticTrimap } from './synthetic-inputs.js';
import type { ArchKind } from './types.js';

/** Samples per code frame of the mock audio codec. */
const MOCK_CODEC_HOP = 40;

const SEQ2SEQ_CLASSES = new Set(['AutoModelForSeq2SeqLM', 'AutoModelForSpeechSeq2Seq', 'AutoModelForVision2Seq', 'AutoModelForDocumentQuestionAnswering']);

/**
 * Tasks whose models load through the bare AutoModel class but answer like a task head: the mock uses
 * that head (Janus, any-to-any, generates text from an image and a prompt like a VLM).
 */
const TASK_HEADS: Readonly<Record<string, string>> = { 'any-to-any': 'AutoModelForImageTextToText' };

/** A mock model of `family` for the head of `autoClass` (for a bare AutoModel, the head its `task` implies). */
export function mockBackend(family: string, archKind: ArchKind, autoClass: string, task?: string): ModelBackend {
  if (autoClass === 'AutoModel' && task && TASK_HEADS[task]) autoClass = TASK_HEADS[task]!;
  // Seq2seq heads, and the bare model of an encoder-decoder family (BartModel, T5Model, …).
  const seq2seq = SEQ2SEQ_CLASSES.has(autoClass) || (autoClass === 'AutoModel' && archKind === 'encoder-decoder');
  const config: ModelConfig = {
    model_type: family,
    vocab_size: MOCK_VOCAB_SIZE,
    hidden_size: MOCK_SIZES.hidden,
    id2label: { '0': 'LABEL_0', '1': 'LABEL_1' },
    is_encoder_decoder: seq2seq,
    decoder_start_token_id: seq2seq ? MOCK_TOKENS.cls : undefined,
    eos_token_id: MOCK_TOKENS.eos,
    pad_token_id: MOCK_TOKENS.pad,
  };
  const head = MOCK_HEADS[autoClass];
  const forward = async (inputs: ModelInputs) => (head ? head(inputs, MOCK_VOCAB_SIZE) : mockBaseModel(archKind, inputs));
  const speech = autoClass === 'AutoModelForSpeechSeq2Seq';

  return {
    inference: 'mock',
    config,
    async tokenize(texts, options) {
      return mockTokenize(texts, options);
    },
    async maskToken() {
      return { token: '[MASK]', id: MOCK_TOKENS.mask };
    },
    async images(count) {
      const side = MOCK_SIZES.imageSide;
      const data = new Float32Array(count * 3 * side * side);
      for (let i = 0; i < count; i++) {
        const rgb = syntheticPixels(side, side, i);
        for (let p = 0; p < side * side; p++) for (let c = 0; c < 3; c++) data[((i * 3 + c) * side * side) + p] = rgb[p * 3 + c]! / 255;
      }
      return { pixel_values: new Tensor('float32', data, [count, 3, side, side]) };
    },
    async audio(count, seconds): Promise<ModelInputs> {
      if (speech) {
        const { melBins, melFrames } = MOCK_SIZES;
        const data = new Float32Array(count * melBins * melFrames);
        for (let i = 0; i < count; i++) data.set(syntheticAudio(melBins * melFrames / 16_000, 16_000, i), i * melBins * melFrames);
        return { input_features: new Tensor('float32', data, [count, melBins, melFrames]) };
      }
      const clips = Array.from({ length: count }, (_, i) => syntheticAudio(seconds, 16_000, i));
      const n = clips[0]!.length;
      const data = new Float32Array(count * n);
      clips.forEach((c, i) => data.set(c, i * n));
      return { input_values: new Tensor('float32', data, [count, n]) };
    },
    async mediaText(media, prompt) {
      const { token_type_ids: _t, ...text } = mockTokenize([prompt], {});
      return { ...text, ...(media.audioSeconds ? await this.audio(1, media.audioSeconds) : await this.images(1, media.imageSize ?? [32, 32])) };
    },
    async promptedImage(size, prompts) {
      const points = (prompts.input_points as number[][][] | undefined) ?? [[[size[0]! / 2, size[1]! / 2]]];
      const flat = points.flat(2);
      const count = flat.length / 2;
      return {
        ...(await this.images(1, size)),
        input_points: new Tensor('float32', Float32Array.from(flat), [1, points.length, count / points.length, 2]),
        input_labels: new Tensor('int64', new BigInt64Array(count).fill(1n), [1, points.length, count / points.length]),
      };
    },
    async graphInputs() {
      return mockTokenize(['synthetic input'], {});
    },
    forward,
    async encode(inputs) {
      const { decoder_input_ids: _d, ...rest } = inputs;
      const key = Object.values(rest)[0];
      // The mock's "encoder output" is its input, which the mock decoder summarises per row.
      if (!key) throw new Error('mock encode needs inputs');
      return key;
    },
    async imageWithTrimap() {
      const side = MOCK_SIZES.imageSide;
      const { pixel_values: rgb } = await this.images(1, [side, side]);
      const trimap = syntheticTrimap(side, side);
      const data = new Float32Array(4 * side * side);
      data.set(rgb!.data as Float32Array);
      for (let p = 0; p < side * side; p++) data[3 * side * side + p] = trimap[p]! / 255;
      return { pixel_values: new Tensor('float32', data, [1, 4, side, side]) };
    },
    async encodeAudio(inputs) {
      // Two codebooks of one code per MOCK_CODEC_HOP samples: the sign pattern of each frame's samples.
      const values = inputs.input_values;
      if (!values) throw new Error('mock encodeAudio needs input_values');
      const batch = values.dims[0]!;
      const samples = values.dims.at(-1)!;
      const frames = Math.ceil(samples / MOCK_CODEC_HOP);
      const data = values.data as Float32Array;
      const codes = new BigInt64Array(batch * 2 * frames);
      for (let b = 0; b < batch; b++) {
        for (let f = 0; f < frames; f++) {
          const x = data[b * samples + f * MOCK_CODEC_HOP] ?? 0;
          codes[(b * 2) * frames + f] = BigInt(Math.floor((x + 1) * 8));
          codes[(b * 2 + 1) * frames + f] = BigInt(f % 16);
        }
      }
      return { audio_codes: new Tensor('int64', codes, [batch, 2, frames]) };
    },
    async decodeAudio(codes) {
      const c = codes.audio_codes;
      if (!c) throw new Error('mock decodeAudio needs audio_codes');
      const [batch, , frames] = [c.dims[0]!, c.dims[1]!, c.dims[2]!];
      const out = new Float32Array(batch * frames * MOCK_CODEC_HOP);
      const ids = c.data as BigInt64Array;
      for (let b = 0; b < batch; b++) {
        for (let i = 0; i < frames * MOCK_CODEC_HOP; i++) out[b * frames * MOCK_CODEC_HOP + i] = Number(ids[b * 2 * frames + Math.floor(i / MOCK_CODEC_HOP)]!) / 8 - 1;
      }
      return { audio_values: new Tensor('float32', out, [batch, 1, frames * MOCK_CODEC_HOP]) };
    },
    async speak(texts) {
      // The VITS-style mock head: 16 samples per token, deterministic per text.
      const { waveform } = MOCK_HEADS.AutoModelForTextToWaveform!(mockTokenize(texts, {}), MOCK_VOCAB_SIZE);
      if (!waveform) throw new Error('mock speak: the text-to-waveform head returned no waveform');
      return { waveform, compared: { waveform } };
    },
    async generateCached(inputs, maxNewTokens, encoderOutputs) {
      const forwardWithEncoder = (i: ModelInputs) => {
        const { encoder_outputs: _e, ...rest } = i;
        return forward(rest);
      };
      void encoderOutputs;
      return greedyRecompute({
        forward: forwardWithEncoder,
        inputs,
        maxNewTokens,
        suppressed: [MOCK_TOKENS.eos],
        ...(seq2seq ? { decoderStartTokenId: MOCK_TOKENS.cls } : {}),
      });
    },
    suppressedTokenIds: () => [MOCK_TOKENS.eos],
    decoderStartTokenId: () => (seq2seq ? MOCK_TOKENS.cls : null),
    async decode(ids) {
      return mockDecode(ids);
    },
    async dispose() {},
  };
}
