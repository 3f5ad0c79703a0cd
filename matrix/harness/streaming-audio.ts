/**
 * Audio-language models that stream their audio (transformers.js 4.3.1: Voxtral Realtime). Their processor
 * takes audio only — no prompt, they transcribe — and for a stream's first chunk returns the prompt ids
 * (BOS + streaming pad tokens) with the features; their `generate()` takes `input_features` as an iterable
 * of chunks and stops when the audio is used up. Keyed by class, not family: a subclass or a new family
 * on the same classes is driven the same way.
 */
import { Tensor, ones_like } from '@huggingface/transformers';
import type { ModelInputs } from './model-api.js';

/** Processors whose `_call(audio, { is_streaming, is_first_audio_chunk })` takes no text. */
export const STREAMING_AUDIO_PROCESSORS: ReadonlySet<string> = new Set(['VoxtralRealtimeProcessor']);
/** Models whose `generate()` wants `input_features` as chunks (an iterable of `[1, mel, frames]` tensors). */
export const STREAMING_AUDIO_MODELS: ReadonlySet<string> = new Set(['VoxtralRealtimeForConditionalGeneration']);

/** The surface of a streaming audio processor the harness uses. */
export interface StreamingAudioProcessor {
  (audio: Float32Array, options: { is_streaming: boolean; is_first_audio_chunk: boolean }): Promise<Record<string, unknown>>;
  /** Tokens of silence its offline mode appends so the whole clip is transcribed. */
  readonly num_right_pad_tokens: number;
  /** Audio samples per token. */
  readonly raw_audio_length_per_tok: number;
}

/**
 * Offline transcription through a streaming processor: the clip right-padded with silence as the
 * processor's own offline mode pads it, sent as the stream's first and only chunk, so the result has the
 * prompt ids the offline mode leaves out (with their all-ones mask) and enough audio to generate from.
 */
export async function streamingAudioInputs(processor: StreamingAudioProcessor, clip: Float32Array): Promise<Record<string, unknown>> {
  const padded = new Float32Array(clip.length + processor.num_right_pad_tokens * processor.raw_audio_length_per_tok);
  padded.set(clip);
  const out = await processor(padded, { is_streaming: true, is_first_audio_chunk: true });
  const ids = out.input_ids;
  if (!(ids instanceof Tensor) || out.attention_mask) return out;
  // The decoder session takes a mask; generate() builds this all-ones one itself, a forward pass needs it given.
  return { ...out, attention_mask: ones_like(ids) };
}

/** `generate()` arguments for a streaming model: the features as one chunk. Other models' inputs pass unchanged. */
export function streamedGenerateInputs(modelClass: string, inputs: ModelInputs): Record<string, Tensor | Tensor[]> {
  if (!STREAMING_AUDIO_MODELS.has(modelClass) || !inputs.input_features) return inputs;
  return { ...inputs, input_features: [inputs.input_features] };
}
