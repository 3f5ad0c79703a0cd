/**
 * The frozen overlay: facts the Auto* mappings cannot give.
 * - BASE_CLASS_TASKS: what a bare `AutoModel` class is for, where its name alone does not say
 *   (CLIPModel is a dual encoder → zero-shot-image-classification). Bare classes not listed get
 *   a feature-extraction task that fits the family's kind, and are no evidence for the kind.
 * - FAMILY_OVERLAY: a well-known Hub model id in transformers.js layout (only ids known to exist;
 *   absent when unsure) and, rarely, the default task that id is for.
 * Keys that a transformers.js upgrade removes are ignored (test/generator-registry.test.ts lists them).
 */

/** Bare AutoModel class → the task it serves. */
export const BASE_CLASS_TASKS: Readonly<Record<string, string>> = Object.freeze({
  CLIPModel: 'zero-shot-image-classification',
  ChineseCLIPModel: 'zero-shot-image-classification',
  SiglipModel: 'zero-shot-image-classification',
  JinaCLIPModel: 'zero-shot-image-classification',
  GroupViTModel: 'zero-shot-image-classification',
  ClapModel: 'zero-shot-audio-classification',
  NomicBertModel: 'feature-extraction',
  ViTMAEModel: 'image-feature-extraction',
  DINOv3ViTModel: 'image-feature-extraction',
  DINOv3ConvNextModel: 'image-feature-extraction',
  DonutSwinModel: 'image-feature-extraction',
  WeSpeakerResNetModel: 'audio-feature-extraction',
  StyleTextToSpeech2Model: 'text-to-audio',
  MimiModel: 'audio-to-audio',
  DacModel: 'audio-to-audio',
  SnacModel: 'audio-to-audio',
  MgpstrForSceneTextRecognition: 'image-to-text',
  MultiModalityCausalLM: 'any-to-any',
  PatchTSTForPrediction: 'time-series-forecasting',
  PatchTSMixerForPrediction: 'time-series-forecasting',
  DecisionTransformerModel: 'reinforcement-learning',
});

/** Per-family overlay entry. */
export interface FamilyOverlay {
  /** A Hub model id in transformers.js layout (onnx/ folder), known to exist. */
  hubModelId?: string;
  /** The task `hubModelId` is for, when it is not the derived default. Ignored if the family lacks the task. */
  defaultTask?: string;
}

/** model_type → overlay. */
export const FAMILY_OVERLAY: Readonly<Record<string, Readonly<FamilyOverlay>>> = deepFreeze({
  // encoder-only text
  bert: { hubModelId: 'Xenova/bert-base-uncased' },
  distilbert: { hubModelId: 'Xenova/distilbert-base-uncased-finetuned-sst-2-english', defaultTask: 'text-classification' },
  roberta: { hubModelId: 'Xenova/distilroberta-base' },
  'xlm-roberta': { hubModelId: 'Xenova/xlm-roberta-base' },
  albert: { hubModelId: 'Xenova/albert-base-v2' },
  mpnet: { hubModelId: 'Xenova/all-mpnet-base-v2', defaultTask: 'feature-extraction' },
  mobilebert: { hubModelId: 'Xenova/mobilebert-uncased-mnli', defaultTask: 'text-classification' },
  // decoder-only
  gpt2: { hubModelId: 'Xenova/gpt2' },
  gpt_neo: { hubModelId: 'Xenova/gpt-neo-125M' },
  gpt_neox: { hubModelId: 'Xenova/pythia-70m' },
  opt: { hubModelId: 'Xenova/opt-125m' },
  bloom: { hubModelId: 'Xenova/bloom-560m' },
  codegen: { hubModelId: 'Xenova/codegen-350M-mono' },
  llama: { hubModelId: 'Xenova/TinyLlama-1.1B-Chat-v1.0' },
  qwen2: { hubModelId: 'onnx-community/Qwen2.5-0.5B-Instruct' },
  gemma3_text: { hubModelId: 'onnx-community/gemma-3-1b-it-ONNX' },
  // encoder-decoder
  t5: { hubModelId: 'Xenova/t5-small' },
  bart: { hubModelId: 'Xenova/distilbart-cnn-6-6' },
  marian: { hubModelId: 'Xenova/opus-mt-en-de' },
  m2m_100: { hubModelId: 'Xenova/m2m100_418M' },
  mbart: { hubModelId: 'Xenova/mbart-large-50-many-to-many-mmt' },
  // vision
  vit: { hubModelId: 'Xenova/vit-base-patch16-224' },
  resnet: { hubModelId: 'Xenova/resnet-50' },
  convnext: { hubModelId: 'Xenova/convnext-tiny-224' },
  mobilevit: { hubModelId: 'Xenova/mobilevit-small' },
  beit: { hubModelId: 'Xenova/beit-base-patch16-224' },
  detr: { hubModelId: 'Xenova/detr-resnet-50' },
  yolos: { hubModelId: 'Xenova/yolos-tiny' },
  dpt: { hubModelId: 'Xenova/dpt-hybrid-midas' },
  glpn: { hubModelId: 'Xenova/glpn-kitti' },
  depth_anything: { hubModelId: 'Xenova/depth-anything-small-hf' },
  segformer: { hubModelId: 'Xenova/segformer-b0-finetuned-ade-512-512', defaultTask: 'image-segmentation' },
  sam: { hubModelId: 'Xenova/sam-vit-base' },
  swin2sr: { hubModelId: 'Xenova/swin2SR-classical-sr-x2-64', defaultTask: 'image-to-image' },
  vitmatte: { hubModelId: 'Xenova/vitmatte-small-composition-1k' },
  // audio
  whisper: { hubModelId: 'onnx-community/whisper-tiny' },
  wav2vec2: { hubModelId: 'Xenova/wav2vec2-base-960h' },
  'audio-spectrogram-transformer': { hubModelId: 'Xenova/ast-finetuned-audioset-10-10-0.4593' },
  speecht5: { hubModelId: 'Xenova/speecht5_tts', defaultTask: 'text-to-audio' },
  vits: { hubModelId: 'Xenova/mms-tts-eng' },
  musicgen: { hubModelId: 'Xenova/musicgen-small' },
  moonshine: { hubModelId: 'onnx-community/moonshine-tiny-ONNX' },
  pyannote: { hubModelId: 'onnx-community/pyannote-segmentation-3.0' },
  style_text_to_speech_2: { hubModelId: 'onnx-community/Kokoro-82M-v1.0-ONNX' },
  // multimodal
  clip: { hubModelId: 'Xenova/clip-vit-base-patch32' },
  siglip: { hubModelId: 'Xenova/siglip-base-patch16-224' },
  chinese_clip: { hubModelId: 'Xenova/chinese-clip-vit-base-patch16' },
  clap: { hubModelId: 'Xenova/clap-htsat-unfused' },
  owlvit: { hubModelId: 'Xenova/owlvit-base-patch32' },
  'vision-encoder-decoder': { hubModelId: 'Xenova/vit-gpt2-image-captioning', defaultTask: 'image-to-text' },
  florence2: { hubModelId: 'onnx-community/Florence-2-base' },
});

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}
