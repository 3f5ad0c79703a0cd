/**
 * Every forge contract, in the order the forge tries them for a (family, task):
 * the first whose `supports` returns true builds it.
 */
import type { ForgeContract } from '../contract.js';
import { causalLmContract } from './causal-lm.js';
import { encoderTextContract } from './encoder-text.js';
import { textSeq2SeqContract } from './text-seq2seq.js';
import { imageClassificationContract } from './image-classification.js';
import { audioEncoderContract } from './audio-encoder.js';
import { speechSeq2SeqContract } from './speech-seq2seq.js';
import { visionDenseContract } from './vision-dense.js';
import { llavaImageTextContract } from './llava-image-text.js';
import { dualEncoderContract } from './dual-encoder.js';
import { miscForwardContract } from './misc-forward.js';
import { zeroShotDetectionContract } from './zero-shot-detection.js';
import { qwenVlImageTextContract } from './qwen-vl-image-text.js';
import { maskGenerationContract } from './mask-generation.js';
import { audioTextContract } from './audio-text.js';
import { visionEncoderDecoderContract } from './vision-encoder-decoder.js';
import { textConditionedSegmentationContract } from './text-conditioned-segmentation.js';
import { vitsContract } from './vits.js';
import { idefics3ImageTextContract } from './idefics3-image-text.js';
import { graniteSpeechContract } from './granite-speech.js';
import { lfm2VlImageTextContract } from './lfm2-vl-image-text.js';
import { musicgenContract } from './musicgen.js';
import { speechT5Contract } from './speecht5.js';
import { janusAnyToAnyContract } from './janus-any-to-any.js';
import { florence2Contract } from './florence2.js';
import { gemma3nContract } from './gemma3n.js';
import { gemma4Contract } from './gemma4.js';
import { supertonicContract } from './supertonic.js';
import { styleTextToSpeech2Contract } from './style-text-to-speech-2.js';
import { phi3VContract } from './phi3-v.js';
import { qwen35TextContract } from './qwen3-5-text.js';
import { voxtralRealtimeContract } from './voxtral-realtime.js';
import { groundingDinoContract } from './grounding-dino.js';

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
  miscForwardContract,
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
