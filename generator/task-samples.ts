/**
 * Frozen sample inputs per task: what a generated test feeds a model of that task.
 * Random-weight models make outputs meaningless, so inputs are short and deterministic.
 */
import type { TaskSample } from './types.js';

const TEXTS = ['The quick brown fox jumps over the lazy dog.', 'Hello world!'];
const IMAGE: [number, number] = [224, 224];
const LABELS = ['a photo of a cat', 'a photo of a dog'];

/** Task → sample. A task without an entry (new in a transformers.js upgrade) gets an empty sample. */
export const TASK_SAMPLES: Readonly<Record<string, Readonly<TaskSample>>> = deepFreeze({
  'feature-extraction': { texts: TEXTS },
  'fill-mask': { texts: ['The capital of France is [MASK].', 'Paris is the [MASK] of France.'] },
  'text-classification': { texts: ['I love this movie!', 'This was a waste of time.'] },
  'token-classification': { texts: ['My name is Sarah and I live in London.'] },
  'question-answering': {
    texts: ['Where does Sarah live?'],
    textPairs: ['My name is Sarah and I live in London.'],
  },
  'text-generation': { texts: ['Once upon a time', 'The weather today is'], maxNewTokens: 8 },
  'text2text-generation': { texts: ['translate English to German: How old are you?'], maxNewTokens: 8 },
  'automatic-speech-recognition': { audioSeconds: 1, maxNewTokens: 8 },
  'audio-classification': { audioSeconds: 1 },
  'audio-frame-classification': { audioSeconds: 1 },
  'audio-xvector': { audioSeconds: 1 },
  'audio-feature-extraction': { audioSeconds: 1 },
  'audio-to-audio': { audioSeconds: 1 },
  'text-to-audio': { texts: ['Hello, my dog is cute.'] },
  'zero-shot-audio-classification': { audioSeconds: 1, candidateLabels: ['a dog barking', 'rain falling'] },
  'audio-text-to-text': { audioSeconds: 1, texts: ['What is said in this audio?'], maxNewTokens: 8 },
  'image-classification': { imageSize: IMAGE },
  'image-feature-extraction': { imageSize: IMAGE },
  'image-segmentation': { imageSize: IMAGE },
  'object-detection': { imageSize: IMAGE },
  'depth-estimation': { imageSize: IMAGE },
  'normal-estimation': { imageSize: IMAGE },
  'keypoint-detection': { imageSize: IMAGE },
  'image-matting': { imageSize: IMAGE },
  'image-to-image': { imageSize: [64, 64] },
  'mask-generation': { imageSize: IMAGE },
  'image-to-text': { imageSize: IMAGE, maxNewTokens: 8 },
  'image-text-to-text': { imageSize: IMAGE, texts: ['Describe this image.'], maxNewTokens: 8 },
  'document-question-answering': { imageSize: IMAGE, texts: ['What is the invoice number?'], maxNewTokens: 8 },
  'zero-shot-image-classification': { imageSize: IMAGE, candidateLabels: LABELS },
  'zero-shot-object-detection': { imageSize: IMAGE, candidateLabels: LABELS },
  'any-to-any': { imageSize: IMAGE, texts: ['Describe this image.'], maxNewTokens: 8 },
  'time-series-forecasting': {},
  'reinforcement-learning': {},
});

/** The sample for a task: a fresh copy, empty when the task has none. */
export function sampleFor(task: string): TaskSample {
  return structuredClone(TASK_SAMPLES[task] ?? {}) as TaskSample;
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}
