/**
 * Frozen table of the audio encoders the forge builds per family: what the feature extractor
 * hands the model (raw waveform `input_values`, or a spectrogram as `input_values` /
 * `input_features`) and the `preprocessor_config.json` that selects that extractor.
 */

export type AudioInput =
  /** `input_values [batch_size, samples]` + `attention_mask` (Wav2Vec2FeatureExtractor). */
  | 'waveform'
  /** `input_values [batch_size, 1, samples]` (PyAnnoteFeatureExtractor). */
  | 'waveform-channel'
  /** A spectrogram `[batch_size, frames, featureSize]` under `inputName`, with `attention_mask` when `masked`. */
  | 'spectrogram';

export interface AudioFamily {
  input: AudioInput;
  inputName: 'input_values' | 'input_features';
  /** Width of one spectrogram frame the model sees (mel bins × stacking stride). */
  featureSize: number;
  masked: boolean;
  preprocessor: Record<string, unknown>;
}

/** Mel bins of forged spectrogram front ends (real models use 80-128). */
export const TINY_MEL_BINS = 16;
const RATE = 16000;

const wav2vec2: AudioFamily = {
  input: 'waveform',
  inputName: 'input_values',
  featureSize: 1,
  masked: true,
  preprocessor: {
    feature_extractor_type: 'Wav2Vec2FeatureExtractor',
    feature_size: 1,
    sampling_rate: RATE,
    padding_value: 0,
    padding_side: 'right',
    do_normalize: true,
    return_attention_mask: true,
  },
};

/** Audio encoders by `model_type`. */
export const AUDIO_FAMILIES: Readonly<Record<string, AudioFamily>> = Object.freeze({
  wav2vec2,
  hubert: wav2vec2,
  unispeech: wav2vec2,
  'unispeech-sat': wav2vec2,
  wavlm: wav2vec2,
  'wav2vec2-bert': {
    input: 'spectrogram',
    inputName: 'input_features',
    featureSize: TINY_MEL_BINS * 2,
    masked: true,
    preprocessor: {
      feature_extractor_type: 'SeamlessM4TFeatureExtractor',
      feature_size: TINY_MEL_BINS,
      num_mel_bins: TINY_MEL_BINS,
      sampling_rate: RATE,
      stride: 2,
      padding_value: 1,
      padding_side: 'right',
      return_attention_mask: true,
    },
  },
  parakeet_ctc: {
    input: 'spectrogram',
    inputName: 'input_features',
    featureSize: TINY_MEL_BINS,
    masked: true,
    preprocessor: {
      feature_extractor_type: 'ParakeetFeatureExtractor',
      feature_size: TINY_MEL_BINS,
      sampling_rate: RATE,
      n_fft: 512,
      win_length: 400,
      hop_length: 160,
      preemphasis: 0.97,
      padding_value: 0,
      return_attention_mask: true,
    },
  },
  'audio-spectrogram-transformer': {
    input: 'spectrogram',
    inputName: 'input_values',
    featureSize: TINY_MEL_BINS,
    masked: false,
    preprocessor: {
      feature_extractor_type: 'ASTFeatureExtractor',
      feature_size: 1,
      num_mel_bins: TINY_MEL_BINS,
      max_length: 64,
      mean: -4.2677393,
      std: 4.5689974,
      do_normalize: true,
      sampling_rate: RATE,
      padding_value: 0,
      return_attention_mask: false,
    },
  },
  pyannote: {
    input: 'waveform-channel',
    inputName: 'input_values',
    featureSize: 1,
    masked: false,
    preprocessor: {
      feature_extractor_type: 'PyAnnoteFeatureExtractor',
      feature_size: 1,
      sampling_rate: RATE,
      padding_value: 0,
      padding_side: 'right',
      return_attention_mask: false,
      do_normalize: false,
      offset: 0,
      step: 320,
    },
  },
  'wespeaker-resnet': {
    input: 'spectrogram',
    inputName: 'input_features',
    featureSize: TINY_MEL_BINS,
    masked: false,
    preprocessor: {
      feature_extractor_type: 'WeSpeakerFeatureExtractor',
      feature_size: 1,
      num_mel_bins: TINY_MEL_BINS,
      sampling_rate: RATE,
      padding_value: 0,
      fbank_centering_span: null,
      min_num_frames: 0,
    },
  },
});
