/**
 * The model API a generated test body sees (`m`). A real model (transformers.js running an ONNX graph)
 * and a mock (a deterministic shape-correct stand-in) implement the same interface, so the test's
 * assertions run either way; `m.inference` says which one ran.
 */
import type { Tensor } from '@huggingface/transformers';
import type { Device, Dtype, Inference, ModelSource } from './types.js';

/** Named tensors fed to a model (`input_ids`, `attention_mask`, `pixel_values`, ...). */
export type ModelInputs = Record<string, Tensor>;
/** Named tensors a model returns (`logits`, `last_hidden_state`, `start_logits`, ...). */
export type ModelOutputs = Record<string, Tensor>;

/** The parts of `config.json` tests look at; everything else is kept as loaded. */
export interface ModelConfig {
  model_type: string;
  vocab_size?: number;
  hidden_size?: number;
  id2label?: Record<string, string>;
  decoder_start_token_id?: number;
  is_encoder_decoder?: boolean;
  [key: string]: unknown;
}

export interface TokenizeOptions {
  /** Second segments (question answering: texts are questions, pairs the contexts). */
  pairs?: string[];
  /** Which side padding goes; generation uses `left`. Default `right`. */
  paddingSide?: 'left' | 'right';
  /** Pad every row to exactly this many tokens (for padding-invariance checks). */
  padTo?: number;
  /** `false` leaves out the tokenizer's special tokens (BOS/EOS/CLS/SEP): a prompt a decoder continues. Default `true`. */
  addSpecialTokens?: boolean;
}

export interface GenerateOptions {
  maxNewTokens: number;
  /** `false` recomputes the whole sequence each step without a KV cache (greedy). Default `true`. */
  cache?: boolean;
  /** Encoder-decoder only: encoder outputs computed earlier with `m.encode`, reused instead of re-encoding. */
  encoderOutputs?: Tensor;
}

export interface MeasureOptions {
  /** Items one call processes (batch size), for items/s. */
  items: number;
}

/** Absolute and relative tolerance for invariance checks (batch == single, padding) at this cell's dtype. */
export interface InvarianceTolerance {
  absolute: number;
  relative: number;
}

/** What a test body returns: named output tensors; integer tensors (token ids) are compared as tokens. */
export type CellOutputs = Record<string, Tensor>;

/** What `speak` returns: the audio, and what parity should compare. */
export interface SpeechOutputs {
  /** The audio, `[batch, samples]`. */
  waveform: Tensor;
  /**
   * The outputs to compare with the cpu/fp32 reference: the model's own numbers before any discrete
   * decision that a lower precision may legitimately flip, as text generation compares its first-step
   * logits — MusicGen's first decoding step `logits` (its audio codes are generated), SpeechT5's
   * `spectrogram` (the vocoder's input), Supertonic's `waveform` and `durations`, else the `waveform`.
   */
  compared: CellOutputs;
}

/** The loaded model a test body drives. */
export interface MatrixModel {
  readonly inference: Inference;
  readonly source: ModelSource;
  readonly device: Device;
  readonly dtype: Dtype;
  /** `config.json` as loaded (a mock has a small deterministic one). */
  readonly config: ModelConfig;
  /** Number of labels of a classification head (`id2label`), 0 when the config has none. */
  readonly numLabels: number;
  /** Tolerance for invariance checks at this dtype. */
  readonly tolerance: InvarianceTolerance;
  /** Encoder-decoder: the first decoder token (generation config, else config); `null` otherwise. */
  readonly decoderStartTokenId: number | null;

  /** Tokenizes texts into int64 tensors; a literal `[MASK]` becomes the tokenizer's mask token. */
  tokenize(texts: string[], options?: TokenizeOptions): Promise<ModelInputs>;
  /** The tokenizer's mask token id (fill-mask), or `null` when it has none. */
  maskTokenId(): Promise<number | null>;
  /** Synthetic deterministic images of `size` = [width, height] through the model's image processor. */
  images(count: number, size: readonly number[]): Promise<ModelInputs>;
  /** Synthetic deterministic audio (a 440 Hz tone with noise) through the model's feature extractor. */
  audio(count: number, seconds: number): Promise<ModelInputs>;
  /**
   * One synthetic image or audio clip plus a text prompt through the model's processor, the prompt
   * chat-templated when the processor has a template (vision- and audio-language models).
   */
  mediaText(media: { imageSize?: readonly number[]; audioSeconds?: number }, prompt: string): Promise<ModelInputs>;
  /**
   * One synthetic image of `size` plus prompts in image pixels (`{ input_points: [[[x, y]]] }`,
   * `input_boxes`, ...) through the model's processor (Segment Anything); non-tensor outputs are dropped.
   */
  promptedImage(size: readonly number[], prompts: Record<string, unknown>): Promise<ModelInputs>;
  /**
   * One synthetic image of `size` = [width, height] and its trimap (left third background 0, middle unknown
   * 128, right third foreground 255) through the model's image processor (image matting: `pixel_values` RGB + trimap).
   */
  imageWithTrimap(size: readonly number[]): Promise<ModelInputs>;
  /** Deterministic inputs from the graph's declared inputs (models no tokenizer or processor describes). */
  graphInputs(): Promise<ModelInputs>;
  /**
   * One forward pass. An encoder-decoder model given no `decoder_input_ids` runs its first decoder
   * step (fed the decoder start token).
   */
  forward(inputs: ModelInputs): Promise<ModelOutputs>;
  /**
   * Positions a generation starts from: the prompt length (decoder-only); for an encoder-decoder the length of
   * the `decoder_input_ids` given as a decoder prompt, else 1 (the start token).
   */
  generationPrefixLength(inputs: ModelInputs): number;
  /** Encoder-decoder: the encoder's `last_hidden_state`. */
  encode(inputs: ModelInputs): Promise<Tensor>;
  /** Neural audio codec: a clip's discrete codes (`audio_codes`, or `audio_codes.N` per scale), int64 `[batch, ..., frames]`. */
  encodeAudio(inputs: ModelInputs): Promise<ModelOutputs>;
  /** Neural audio codec: the waveform `audio_values` `[batch, channels, samples]` decoded from `encodeAudio`'s codes. */
  decodeAudio(codes: ModelOutputs): Promise<ModelOutputs>;
  /**
   * Text to speech or music (SpeechT5 with its vocoder, MusicGen, Supertonic, StyleTTS 2 / Kokoro) on a fixed
   * voice: speaker embeddings / style filled with a constant, the diffusion noise of a fixed seed, MusicGen
   * greedy for 8 new tokens, SpeechT5 for twice the text's length (no early stop), so two calls agree.
   */
  speak(texts: string[]): Promise<SpeechOutputs>;
  /** Greedy generation of exactly `maxNewTokens` tokens (EOS suppressed); returns `[batch, length]` int64 ids. */
  generate(inputs: ModelInputs, options: GenerateOptions): Promise<Tensor>;
  /** Decodes token id rows to text. */
  decode(ids: Tensor | number[][]): Promise<string[]>;
  /** Greedy CTC decoding of `[batch, frames, vocab]` logits to text. */
  ctcDecode(logits: Tensor): Promise<string[]>;
  /**
   * Times `fn` with the run's profile (warm-up, then samples until a minimum count and time) and returns its
   * first result. The first `measure` of a body is the cell's measurement; later calls just run `fn` once.
   */
  measure<T>(fn: () => Promise<T>, options: MeasureOptions): Promise<T>;
  /** Like `measure` for generation: also records time to first token and tokens/s. */
  measureGeneration(inputs: ModelInputs, options: GenerateOptions): Promise<Tensor>;
  /** Asserts two tensors agree within this dtype's invariance tolerance (vitest assertion). */
  expectClose(actual: Tensor, expected: Tensor, what: string): void;
  /**
   * Asserts two generations agree (vitest assertion): same lengths always, and every token at
   * fp32/fp16. At q8/q4 the activations are quantized per tensor, so they legitimately depend on the
   * batch and on the cache layout and a near-tie flips a token; there the numeric invariance is checked
   * on logits with `expectClose` instead.
   */
  expectSameTokens(actual: number[][], expected: number[][], what: string): void;
}
