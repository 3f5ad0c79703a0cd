/**
 * Audio-text-to-text for Ultravox and Voxtral (transformers.js's UltravoxModel and its subclass):
 * `onnx/audio_encoder.onnx` (log-mel audio_values → audio_features), `onnx/embed_tokens.onnx`
 * and `onnx/decoder_model_merged.onnx`; the processor class expands the audio placeholder into as
 * many audio tokens as the encoder yields (Ultravox: 1 + ⌈samples/320/8⌉; Voxtral: 375 per chunk,
 * here a 1-second chunk instead of 30 s).
 */
import type { ForgeContract, ForgedFolder } from '../contracts/contract.js';
import { audioProjectorEncoder } from './audio-projector-encoder.js';
import { embedsDecoder } from '../onnx/embeds-decoder.js';
import { simpleChatTemplate, specialTokenizer } from '../tokenizers/special-tokens.js';
import { json } from '../tokenizers/tokenizer-files.js';
import { specialTokenIds } from '../tokenizers/special-token-ids.js';
import { decoderDimsConfig } from '../config/decoder-dims-config.js';

/** Mel bins, rate and hop of the forged Whisper-style feature extractor. */
export const AUDIO_TEXT = Object.freeze({ melBins: 16, rate: 16000, hop: 160, audioHidden: 16, voxtralTokens: 375, ultravoxStack: 8, ultravoxDownsample: 320 });

interface AudioTextFamily {
  processorClass: 'UltravoxProcessor' | 'VoxtralProcessor';
  placeholder: string;
  tokens: string[];
  layout: 'stack' | 'queries';
  textModelType: string;
  /** Feature-extractor chunk (Ultravox passes max_length = the clip, so 30 s costs nothing; Voxtral pads every chunk). */
  chunkSeconds: number;
}

const FAMILIES: Readonly<Record<string, AudioTextFamily>> = Object.freeze({
  ultravox: { processorClass: 'UltravoxProcessor', placeholder: '<|audio|>', tokens: ['<|audio|>'], layout: 'stack', textModelType: 'llama', chunkSeconds: 30 },
  voxtral: { processorClass: 'VoxtralProcessor', placeholder: '[AUDIO]', tokens: ['[AUDIO]', '[BEGIN_AUDIO]'], layout: 'queries', textModelType: 'llama', chunkSeconds: 1 },
});

export const audioTextContract: ForgeContract = {
  name: 'audio-text',
  supports(entry, task) {
    if (!FAMILIES[entry.family]) return `not an Ultravox-style audio-text family (${entry.family})`;
    if (task.task !== 'audio-text-to-text') return `task ${task.task} is not audio-text-to-text`;
    return true;
  },
  build(ctx) {
    const family = FAMILIES[ctx.entry.family]!;
    const { melBins, rate, hop, audioHidden } = AUDIO_TEXT;
    const tok = specialTokenizer({ tokens: family.tokens, chatTemplate: simpleChatTemplate('<image>', family.placeholder), modelMaxLength: 1024 });
    const audioTokenId = tok.added[family.tokens[0]!]!;
    const { hidden, layers, heads, kvHeads, intermediate } = ctx.size;
    const name = `${ctx.entry.family}-${ctx.task.task}`;
    const lm = embedsDecoder({ seed: ctx.seed, name, vocab: tok.vocabSize, hidden, layers, heads, kvHeads, intermediate, eosTokenId: tok.eosTokenId, positions: '1d' });
    const audio = audioProjectorEncoder({
      seed: ctx.seed,
      name,
      melBins,
      audioHidden,
      textHidden: hidden,
      layout: family.layout === 'stack' ? { kind: 'stack', stack: AUDIO_TEXT.ultravoxStack } : { kind: 'queries', tokens: AUDIO_TEXT.voxtralTokens },
    });
    const textConfig = {
      model_type: family.textModelType,
      ...decoderDimsConfig(tok.vocabSize, ctx.size),
      max_position_embeddings: 1024,
    };
    const config = {
      model_type: ctx.entry.family,
      architectures: [ctx.task.modelClass],
      text_config: textConfig,
      audio_config: { model_type: 'whisper', num_mel_bins: melBins, d_model: audioHidden, encoder_layers: 1 },
      audio_token_id: audioTokenId,
      audio_token_index: audioTokenId,
      stack_factor: AUDIO_TEXT.ultravoxStack,
      ...specialTokenIds(tok),
    };
    const preprocessor = {
      feature_extractor_type: 'WhisperFeatureExtractor',
      processor_class: family.processorClass,
      feature_size: melBins,
      sampling_rate: rate,
      hop_length: hop,
      n_fft: 400,
      chunk_length: family.chunkSeconds,
      n_samples: family.chunkSeconds * rate,
      nb_max_frames: (family.chunkSeconds * rate) / hop,
      padding_side: 'right',
      padding_value: 0,
      return_attention_mask: false,
    };
    const folder: ForgedFolder = {
      'config.json': json(config),
      'generation_config.json': json(specialTokenIds(tok)),
      'preprocessor_config.json': json(preprocessor),
      ...(family.processorClass === 'UltravoxProcessor'
        ? { 'processor_config.json': json({ processor_class: family.processorClass, audio_placeholder: family.placeholder, encoder_ds_factor: AUDIO_TEXT.ultravoxDownsample, stack_factor: AUDIO_TEXT.ultravoxStack }) }
        : {}),
      ...tok.files,
      'onnx/audio_encoder.onnx': audio,
      'onnx/embed_tokens.onnx': lm.embedTokens,
      'onnx/decoder_model_merged.onnx': lm.decoder,
    };
    return folder;
  },
};
