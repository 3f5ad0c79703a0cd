/**
 * Every forge contract, in the order the forge tries them for a (family, task):
 * the first whose `supports` returns true builds it.
 */
import type { ForgeContract } from './contract.js';
import { causalLmContract } from '../text/causal-lm-contract.js';
import { encoderTextContract } from '../text/encoder-text-contract.js';
import { textSeq2SeqContract } from '../text/text-seq2seq-contract.js';
import { imageClassificationContract } from '../vision/image-classification-contract.js';
import { audioEncoderContract } from '../audio/audio-encoder-contract.js';
import { speechSeq2SeqContract } from '../audio/speech-seq2seq-contract.js';
import { visionDenseContract } from '../vision/vision-dense-contract.js';
import { llavaImageTextContract } from '../multimodal/llava-image-text-contract.js';
import { dualEncoderContract } from '../multimodal/dual-encoder-contract.js';
import { autoModelForwardContract } from '../other/auto-model-forward-contract.js';
import { zeroShotDetectionContract } from '../multimodal/zero-shot-detection-contract.js';
import { qwenVlImageTextContract } from '../multimodal/qwen-vl-image-text-contract.js';
import { maskGenerationContract } from '../vision/mask-generation-contract.js';
import { audioTextContract } from '../multimodal/audio-text-contract.js';
import { visionEncoderDecoderContract } from '../multimodal/vision-encoder-decoder-contract.js';
import { textConditionedSegmentationContract } from '../multimodal/text-conditioned-segmentation-contract.js';
import { vitsContract } from '../audio/vits-contract.js';
import { idefics3ImageTextContract } from '../multimodal/idefics3-image-text-contract.js';
import { graniteSpeechContract } from '../multimodal/granite-speech-contract.js';
import { lfm2VlImageTextContract } from '../multimodal/lfm2-vl-image-text-contract.js';
import { musicgenContract } from '../audio/musicgen-contract.js';
import { speechT5Contract } from '../audio/speecht5-contract.js';
import { janusAnyToAnyContract } from '../multimodal/janus-any-to-any-contract.js';
import { florence2Contract } from '../multimodal/florence2-contract.js';
import { gemma3nContract } from '../multimodal/gemma3n-contract.js';
import { gemma4Contract } from '../multimodal/gemma4-contract.js';
import { supertonicContract } from '../audio/supertonic-contract.js';
import { styleTextToSpeech2Contract } from '../audio/style-text-to-speech-2-contract.js';
import { phi3VContract } from '../multimodal/phi3-v-contract.js';
import { qwen35TextContract } from '../text/qwen3-5-text-contract.js';
import { voxtralRealtimeContract } from '../multimodal/voxtral-realtime-contract.js';
import { groundingDinoContract } from '../multimodal/grounding-dino-contract.js';

export const CONTRACTS: readonly ForgeContract[] = Object.freeze([
  encoderTextContract,
  causalLmContract,
  textSeq2SeqContract,
  imageClassificationContract,
  audioEncoderContract,
  speechSeq2SeqContract,
  visionDenseContract,
  llavaImageTextContract,
  dualEncoderContract,
  autoModelForwardContract,
  zeroShotDetectionContract,
  qwenVlImageTextContract,
  maskGenerationContract,
  audioTextContract,
  visionEncoderDecoderContract,
  textConditionedSegmentationContract,
  vitsContract,
  idefics3ImageTextContract,
  graniteSpeechContract,
  lfm2VlImageTextContract,
  musicgenContract,
  speechT5Contract,
  janusAnyToAnyContract,
  florence2Contract,
  gemma3nContract,
  gemma4Contract,
  supertonicContract,
  styleTextToSpeech2Contract,
  phi3VContract,
  qwen35TextContract,
  voxtralRealtimeContract,
  groundingDinoContract,
]);
