/**
 * Which bench driver (how inputs are built and what is timed) a task's Auto class gets: text forward,
 * question/context pairs, greedy generation, images, audio, speech-to-text generation. Kept apart from
 * bench-body.ts so planning and `suite check` load no transformers.js.
 */
import type { ArchKind } from '../harness/types.js';

export type Driver = 'text' | 'pair' | 'generate' | 'image' | 'audio' | 'speech';

const BY_CLASS: Readonly<Record<string, Driver>> = Object.freeze({
  AutoModelForMaskedLM: 'text',
  AutoModelForSequenceClassification: 'text',
  AutoModelForTokenClassification: 'text',
  AutoModelForQuestionAnswering: 'pair',
  AutoModelForCausalLM: 'generate',
  AutoModelForSeq2SeqLM: 'generate',
  AutoModelForImageClassification: 'image',
  AutoModelForImageFeatureExtraction: 'image',
  AutoModelForDepthEstimation: 'image',
  AutoModelForObjectDetection: 'image',
  AutoModelForSemanticSegmentation: 'image',
  AutoModelForImageSegmentation: 'image',
  AutoModelForAudioClassification: 'audio',
  AutoModelForCTC: 'audio',
  AutoModelForSpeechSeq2Seq: 'speech',
});

/** The bare model (`AutoModel`) by kind. */
const BASE_BY_KIND: Partial<Record<ArchKind, Driver>> = { 'encoder-only': 'text', vision: 'image', audio: 'audio' };

/** The driver of a task's Auto class (the bare `AutoModel` by kind), or `null` when bench mode has none. */
export function benchDriver(autoClass: string, archKind: ArchKind): Driver | null {
  return BY_CLASS[autoClass] ?? (autoClass === 'AutoModel' ? (BASE_BY_KIND[archKind] ?? null) : null);
}

