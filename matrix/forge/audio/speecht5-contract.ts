/**
 * SpeechT5, both tasks (see ./speecht5-graphs.ts):
 * - automatic-speech-recognition (SpeechT5ForSpeechToText): `encoder_model` on raw input_values +
 *   `decoder_model_merged`. transformers.js's own SpeechT5FeatureExtractor has no `_call`, so the
 *   folder names Wav2Vec2FeatureExtractor (zero-mean unit-variance input_values + attention_mask)
 *   under processor_class SpeechT5Processor; the ASR pipeline refuses speecht5, so drive it with
 *   `processor(audio)` + `model.generate({ ...inputs, max_new_tokens })`.
 * - text-to-audio (SpeechT5ForTextToSpeech): `encoder_model` + spectrogram `decoder_model_merged`,
 *   with a HiFi-GAN vocoder in `vocoder/` (load it with AutoModel); drive it with
 *   `model.generate_speech(input_ids, speaker_embeddings [1, speaker_embedding_dim], { vocoder, maxlenratio })`.
 */
import type { ForgeContract, ForgedFolder } from '../contracts/contract.js';
import { HIFIGAN, hifiganGraph } from './hifigan.js';
import { speechT5SpeechDecoder, speechT5SpeechEncoder, speechT5TextDecoder, speechT5TextEncoder, type SpeechT5Spec } from './speecht5-graphs.js';
import { byteLevelBpeTokenizer, json } from '../tokenizers/tokenizer-files.js';
import { specialTokenIds } from '../tokenizers/special-token-ids.js';
import { encoderDecoderDimsConfig } from '../config/encoder-decoder-dims-config.js';

/** Spectrogram bins, reduction factor, speaker-embedding width and rate of forged SpeechT5 models. */
export const SPEECHT5 = Object.freeze({ melBins: HIFIGAN.melBins, reduction: 2, speakerDim: 16, samplingRate: 16000 });

const TASKS: ReadonlySet<string> = new Set(['automatic-speech-recognition', 'text-to-audio']);

export const speechT5Contract: ForgeContract = {
  name: 'speecht5',
  supports(entry, task) {
    if (entry.family !== 'speecht5') return `not the speecht5 family (${entry.family})`;
    if (!TASKS.has(task.task)) return `task ${task.task} is not automatic-speech-recognition or text-to-audio`;
    return true;
  },
  build(ctx) {
    const { melBins, reduction, speakerDim, samplingRate } = SPEECHT5;
    const { hidden, layers, heads, intermediate, maxPositions } = ctx.size;
    const tok = byteLevelBpeTokenizer(maxPositions);
    const name = `${ctx.entry.family}-${ctx.task.task}`;
    const spec: SpeechT5Spec = { seed: ctx.seed, name, vocab: tok.vocabSize, hidden, layers, heads, intermediate, maxPositions, melBins, reduction, speakerDim, eosTokenId: tok.eosTokenId };
    const config = {
      model_type: 'speecht5',
      architectures: [ctx.task.modelClass],
      is_encoder_decoder: true,
      vocab_size: tok.vocabSize,
      hidden_size: hidden,
      ...encoderDecoderDimsConfig(1, layers, heads, intermediate),
      max_speech_positions: maxPositions,
      max_text_positions: maxPositions,
      num_mel_bins: melBins,
      reduction_factor: reduction,
      speaker_embedding_dim: speakerDim,
      sampling_rate: samplingRate,
      ...specialTokenIds(tok),
      decoder_start_token_id: tok.eosTokenId,
    };
    const preprocessor = {
      feature_extractor_type: 'Wav2Vec2FeatureExtractor',
      processor_class: 'SpeechT5Processor',
      feature_size: 1,
      sampling_rate: samplingRate,
      padding_value: 0,
      do_normalize: true,
      return_attention_mask: true,
    };
    const folder: ForgedFolder = {
      'config.json': json(config),
      'preprocessor_config.json': json(preprocessor),
      ...tok.files,
    };
    if (ctx.task.task === 'automatic-speech-recognition') {
      folder['generation_config.json'] = json({ decoder_start_token_id: tok.eosTokenId, ...specialTokenIds(tok), max_length: 32 });
      folder['onnx/encoder_model.onnx'] = speechT5SpeechEncoder(spec);
      folder['onnx/decoder_model_merged.onnx'] = speechT5TextDecoder(spec);
    } else {
      folder['onnx/encoder_model.onnx'] = speechT5TextEncoder(spec);
      folder['onnx/decoder_model_merged.onnx'] = speechT5SpeechDecoder(spec);
      folder['vocoder/config.json'] = json({ model_type: 'hifigan', architectures: ['SpeechT5HifiGan'], model_in_dim: melBins, upsample_initial_channel: HIFIGAN.channels, upsample_rates: [HIFIGAN.upsample], sampling_rate: samplingRate });
      folder['vocoder/onnx/model.onnx'] = hifiganGraph(ctx.seed + 7, `${name}-vocoder`);
    }
    return folder;
  },
};
