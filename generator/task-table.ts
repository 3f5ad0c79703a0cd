/**
 * Frozen tables about tasks: which pipeline task each Auto class stands for, and what
 * modality each task implies (the classifier's evidence). Task names follow transformers.js
 * pipelines and @huggingface/tasks where one fits; the few without one are named after the class.
 */

/** Auto class → pipeline task. `AutoModel` is absent on purpose: its task depends on the family (see baseModelTask). */
export const AUTO_CLASS_TASKS: Readonly<Record<string, string>> = Object.freeze({
  AutoModelForAudioClassification: 'audio-classification',
  AutoModelForAudioFrameClassification: 'audio-frame-classification',
  AutoModelForAudioTextToText: 'audio-text-to-text',
  AutoModelForCTC: 'automatic-speech-recognition',
  AutoModelForCausalLM: 'text-generation',
  AutoModelForDepthEstimation: 'depth-estimation',
  AutoModelForDocumentQuestionAnswering: 'document-question-answering',
  AutoModelForImageClassification: 'image-classification',
  AutoModelForImageFeatureExtraction: 'image-feature-extraction',
  AutoModelForImageMatting: 'image-matting',
  AutoModelForImageSegmentation: 'image-segmentation',
  AutoModelForImageTextToText: 'image-text-to-text',
  AutoModelForImageToImage: 'image-to-image',
  AutoModelForMaskGeneration: 'mask-generation',
  AutoModelForMaskedLM: 'fill-mask',
  AutoModelForNormalEstimation: 'normal-estimation',
  AutoModelForObjectDetection: 'object-detection',
  AutoModelForPoseEstimation: 'keypoint-detection',
  AutoModelForQuestionAnswering: 'question-answering',
  AutoModelForSemanticSegmentation: 'image-segmentation',
  AutoModelForSeq2SeqLM: 'text2text-generation',
  AutoModelForSequenceClassification: 'text-classification',
  AutoModelForSpeechSeq2Seq: 'automatic-speech-recognition',
  AutoModelForTextToSpectrogram: 'text-to-audio',
  AutoModelForTextToWaveform: 'text-to-audio',
  AutoModelForTokenClassification: 'token-classification',
  AutoModelForUniversalSegmentation: 'image-segmentation',
  AutoModelForVision2Seq: 'image-to-text',
  AutoModelForXVector: 'audio-xvector',
  AutoModelForZeroShotObjectDetection: 'zero-shot-object-detection',
});

/** The Auto class whose maps hold every mapping, including the bare base models no other Auto class lists. */
export const BASE_AUTO_CLASS = 'AutoModel';

/** Modality a task implies; `other` fits none of the architecture kinds. */
export type TaskModality = 'text-encoder' | 'text-decoder' | 'text-encoder-decoder' | 'vision' | 'audio' | 'multimodal' | 'other';

/** Task → modality. A task missing here (an Auto class added by a transformers.js upgrade) counts as `other`. */
export const TASK_MODALITIES: Readonly<Record<string, TaskModality>> = Object.freeze({
  'feature-extraction': 'text-encoder',
  'fill-mask': 'text-encoder',
  'text-classification': 'text-encoder',
  'token-classification': 'text-encoder',
  'question-answering': 'text-encoder',
  'text-generation': 'text-decoder',
  'text2text-generation': 'text-encoder-decoder',
  'automatic-speech-recognition': 'audio',
  'audio-classification': 'audio',
  'audio-frame-classification': 'audio',
  'audio-xvector': 'audio',
  'audio-feature-extraction': 'audio',
  'text-to-audio': 'audio',
  'audio-to-audio': 'audio',
  'image-classification': 'vision',
  'image-feature-extraction': 'vision',
  'image-segmentation': 'vision',
  'object-detection': 'vision',
  'depth-estimation': 'vision',
  'normal-estimation': 'vision',
  'keypoint-detection': 'vision',
  'image-matting': 'vision',
  'image-to-image': 'vision',
  'mask-generation': 'vision',
  'image-to-text': 'multimodal',
  'image-text-to-text': 'multimodal',
  'document-question-answering': 'multimodal',
  'zero-shot-image-classification': 'multimodal',
  'zero-shot-object-detection': 'multimodal',
  'zero-shot-audio-classification': 'multimodal',
  'audio-text-to-text': 'multimodal',
  'any-to-any': 'multimodal',
  'time-series-forecasting': 'other',
  'reinforcement-learning': 'other',
});

/** Bare AutoModel task by kind, for bare classes the overlay does not name. */
export const BASE_TASK_BY_KIND: Readonly<Record<string, string>> = Object.freeze({
  vision: 'image-feature-extraction',
  audio: 'audio-feature-extraction',
});
/** Bare AutoModel task for every other kind. */
export const BASE_TASK_DEFAULT = 'feature-extraction';

/**
 * Which task a person tries first, most specific first: a family's default task is its
 * earliest task in this list. Tasks not listed rank after the listed ones but before the
 * generic feature-extraction tasks, which always come last.
 */
export const TASK_PRIORITY: readonly string[] = Object.freeze([
  'image-text-to-text',
  'audio-text-to-text',
  'any-to-any',
  'image-to-text',
  'document-question-answering',
  'zero-shot-image-classification',
  'zero-shot-audio-classification',
  'zero-shot-object-detection',
  'text2text-generation',
  'text-generation',
  'automatic-speech-recognition',
  'text-to-audio',
  'fill-mask',
  'text-classification',
  'token-classification',
  'question-answering',
  'image-classification',
  'object-detection',
  'image-segmentation',
  'depth-estimation',
  'normal-estimation',
  'keypoint-detection',
  'mask-generation',
  'image-matting',
  'image-to-image',
  'audio-classification',
  'audio-frame-classification',
  'audio-xvector',
  'audio-to-audio',
  'time-series-forecasting',
  'reinforcement-learning',
]);

const LAST_TASKS: readonly string[] = ['feature-extraction', 'image-feature-extraction', 'audio-feature-extraction'];

/** Sort rank of a task (lower = tried first). */
export function taskRank(task: string): number {
  const known = TASK_PRIORITY.indexOf(task);
  if (known >= 0) return known;
  const last = LAST_TASKS.indexOf(task);
  return last >= 0 ? TASK_PRIORITY.length + 1 + last : TASK_PRIORITY.length;
}

/** Task for an Auto class; an unknown Auto class gets its name in kebab case (`AutoModelForVideoClassification` → `video-classification`). */
export function taskForAutoClass(autoClass: string): string {
  const known = AUTO_CLASS_TASKS[autoClass];
  if (known) return known;
  const stem = autoClass.replace(/^AutoModelFor/, '').replace(/^Auto/, '');
  return stem
    .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1-$2')
    .toLowerCase();
}

/** Modality of a task (`other` when unknown). */
export function modalityOf(task: string): TaskModality {
  return TASK_MODALITIES[task] ?? 'other';
}
