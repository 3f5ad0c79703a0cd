/**
 * What a real or mock model provides underneath `m`. The cell wrapper (`cell-model.ts`) adds stage
 * tagging, measurement, the no-cache recompute loop and invariance checks on top, the same for both.
 */
import type { Tensor } from '@huggingface/transformers';
import type { ModelConfig, ModelInputs, ModelOutputs, SpeechOutputs, TokenizeOptions } from './model-api.js';
import type { MeasureProfile } from './profiles.js';
import type { Inference } from './types.js';

/** A measured loop a backend ran itself: the first call's result and time, and its timed samples (null: it could not). */
export interface RepeatedRun<T> {
  result: T;
  firstMs: number;
  samplesMs: number[] | null;
}

export interface ModelBackend {
  readonly inference: Inference;
  readonly config: ModelConfig;
  tokenize(texts: string[], options: TokenizeOptions): Promise<ModelInputs>;
  maskToken(): Promise<{ token: string; id: number } | null>;
  images(count: number, size: readonly number[]): Promise<ModelInputs>;
  audio(count: number, seconds: number): Promise<ModelInputs>;
  graphInputs(): Promise<ModelInputs>;
  imageWithTrimap(size: readonly number[]): Promise<ModelInputs>;
  promptedImage(size: readonly number[], prompts: Record<string, unknown>): Promise<ModelInputs>;
  mediaText(media: { imageSize?: readonly number[]; audioSeconds?: number }, prompt: string): Promise<ModelInputs>;
  forward(inputs: ModelInputs): Promise<ModelOutputs>;
  encode(inputs: ModelInputs): Promise<Tensor>;
  encodeAudio(inputs: ModelInputs): Promise<ModelOutputs>;
  decodeAudio(codes: ModelOutputs): Promise<ModelOutputs>;
  speak(texts: string[]): Promise<SpeechOutputs>;
  /** Greedy generation with the KV cache, EOS suppressed, exactly `maxNewTokens` new tokens. */
  generateCached(inputs: ModelInputs, maxNewTokens: number, encoderOutputs?: Tensor): Promise<Tensor>;
  /** Token ids generation must never pick (EOS), for the recompute loop to match `generateCached`. */
  suppressedTokenIds(): number[];
  /** First decoder token of an encoder-decoder model. */
  decoderStartTokenId(): number | null;
  decode(ids: number[][]): Promise<string[]>;
  dispose(): Promise<void>;
  /** The clock measurements use (default `performance.now`); a web backend's leaves out the page round trips. */
  now?: () => number;
  /** A web backend runs the measured loop in the page when `fn` is one model call (see matrix/browser repeatInPage). */
  repeat?<T>(fn: () => Promise<T>, profile: MeasureProfile): Promise<RepeatedRun<T>>;
}
