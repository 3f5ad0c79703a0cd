/**
 * Audio-text-to-text for Granite Speech (transformers.js's GraniteSpeechForConditionalGeneration,
 * an Ultravox subclass fed `input_features`): `onnx/audio_encoder.onnx` (stacked log-mel →
 * windowed-query audio_features), `onnx/embed_tokens.onnx` and `onnx/decoder_model_merged.onnx`.
 * GraniteSpeechProcessor takes (text, audio), requires `<|audio|>` in the text and expands it to
 * ⌈⌊(⌊samples/hop⌋ + 1)/2⌋ / window⌉ · window/downsample tokens — what the encoder yields.
 */
import type { ForgeContract, ForgedFolder } from '../contracts/contract.js';
import { windowedQueryAudioEncoder } from './windowed-query-audio-encoder.js';
import { embedsDecoder } from '../onnx/embeds-decoder.js';
import { simpleChatTemplate, specialTokenizer } from '../tokenizers/special-tokens.js';
import { json } from '../tokenizers/tokenizer-files.js';
import { specialTokenIds } from '../tokenizers/special-token-ids.js';
import { decoderDimsConfig } from '../config/decoder-dims-config.js';

/** Feature extractor and projector sizes of forged Granite Speech models. */
export const GRANITE_SPEECH = Object.freeze({ melBins: 16, nFft: 512, winLength: 400, hop: 160, rate: 16000, window: 15, downsample: 5, audioHidden: 16, audioToken: '<|audio|>' });

/** Audio tokens GraniteSpeechProcessor writes for `samples` samples. */
export function graniteSpeechAudioTokens(samples: number): number {
  const { hop, window, downsample } = GRANITE_SPEECH;
  const encoderLength = Math.floor((Math.floor(samples / hop) + 1) / 2);
  return Math.ceil(encoderLength / window) * Math.floor(window / downsample);
}

export const graniteSpeechContract: ForgeContract = {
  name: 'granite-speech',
  supports(entry, task) {
    if (entry.family !== 'granite_speech') return `not the granite_speech family (${entry.family})`;
    if (task.task !== 'audio-text-to-text') return `task ${task.task} is not audio-text-to-text`;
    return true;
  },
  build(ctx) {
    const { melBins, nFft, winLength, hop, rate, window, downsample, audioHidden, audioToken } = GRANITE_SPEECH;
    const tok = specialTokenizer({ tokens: [audioToken], chatTemplate: simpleChatTemplate('<image>', audioToken), modelMaxLength: 2048 });
    const audioTokenId = tok.added[audioToken]!;
    const { hidden, layers, heads, kvHeads, intermediate } = ctx.size;
    const name = `${ctx.entry.family}-${ctx.task.task}`;
    const lm = embedsDecoder({ seed: ctx.seed, name, vocab: tok.vocabSize, hidden, layers, heads, kvHeads, intermediate, eosTokenId: tok.eosTokenId, positions: '1d' });
    const audio = windowedQueryAudioEncoder({ seed: ctx.seed, name, featureSize: 2 * melBins, audioHidden, textHidden: hidden, window, downsample });
    const config = {
      model_type: 'granite_speech',
      architectures: [ctx.task.modelClass],
      text_config: {
        model_type: 'granite',
        ...decoderDimsConfig(tok.vocabSize, ctx.size),
        max_position_embeddings: 2048,
      },
      encoder_config: { model_type: 'granite_speech_encoder', input_dim: 2 * melBins, hidden_dim: audioHidden, num_layers: 1 },
      projector_config: { model_type: 'blip_2_qformer', hidden_size: audioHidden, num_hidden_layers: 1 },
      window_size: window,
      downsample_rate: downsample,
      audio_token_id: audioTokenId,
      audio_token_index: audioTokenId,
      ...specialTokenIds(tok),
    };
    const preprocessor = {
      feature_extractor_type: 'GraniteSpeechFeatureExtractor',
      processor_class: 'GraniteSpeechProcessor',
      sampling_rate: rate,
      melspec_kwargs: { n_fft: nFft, win_length: winLength, hop_length: hop, n_mels: melBins, sample_rate: rate },
      projector_window_size: window,
      projector_downsample_rate: downsample,
    };
    const folder: ForgedFolder = {
      'config.json': json(config),
      'generation_config.json': json(specialTokenIds(tok)),
      'preprocessor_config.json': json(preprocessor),
      'processor_config.json': json({ processor_class: 'GraniteSpeechProcessor', audio_token: audioToken }),
      ...tok.files,
      'onnx/audio_encoder.onnx': audio,
      'onnx/embed_tokens.onnx': lm.embedTokens,
      'onnx/decoder_model_merged.onnx': lm.decoder,
    };
    return folder;
  },
};
