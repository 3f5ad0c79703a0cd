/**
 * Speech encoder-decoders. Whisper (whisper, lite-whisper): `onnx/encoder_model.onnx`
 * (`input_features [batch_size, mel_bins, frames]` → two convs, the second with stride 2,
 * learned positions, transformer layers → `last_hidden_state`) and
 * `onnx/decoder_model_merged.onnx` with a KV cache. The chunk is shrunk to 1 s (100 frames,
 * 50 source positions, 16 mel bins); `generation_config.json` has everything Whisper's
 * generate reads (lang_to_id, task_to_id, no_timestamps_token_id, begin_suppress_tokens, …).
 * Moonshine: the encoder reads the raw waveform (`input_values`, strided conv front end) and the
 * decoder is the same merged KV-cache decoder, with a byte-level BPE tokenizer. Cohere ASR: a
 * Parakeet-style log-mel front end (`input_features` + `attention_mask`), CohereAsrProcessor
 * (`processor_config.json`) and a tokenizer holding its decoder-prompt tokens.
 * The bare WhisperModel / CohereAsrModel (audio-feature-extraction) get the same folder with a decoder
 * ending in `last_hidden_state`; transformers.js loads them as encoder-decoders too.
 */
import type { FamilyEntry, FamilyTask } from '../../../generator/types.js';
import type { ForgeContext, ForgeContract, ForgedFolder } from '../contracts/contract.js';
import { activation, conv1d, layerNorm } from '../onnx/blocks.js';
import { GraphBuilder } from '../onnx/graph-builder.js';
import { byteLevelBpeTokenizer, json } from '../tokenizers/tokenizer-files.js';
import { audioEncoder } from './audio-encoder.js';
import { crossDecoder } from '../onnx/cross-decoder.js';
import { TINY_MEL_BINS } from './audio-families.js';
import { whisperTokenizer } from '../tokenizers/whisper-tokenizer.js';
import { specialBpeTokenizer } from '../tokenizers/special-bpe-tokenizer.js';
import { addPositions, encoderLayer } from '../onnx/vision-blocks.js';
import { intAt } from '../config/real-dims.js';
import { realConfigFolder } from '../config/real-config.js';

const FAMILIES = new Set(['whisper', 'lite-whisper', 'moonshine', 'cohere_asr']);
/** Seconds of audio per forged chunk. */
export const CHUNK_SECONDS = 1;
const HOP = 160;
const RATE = 16000;
const MAX_TARGET_POSITIONS = 32;

export const speechSeq2SeqContract: ForgeContract = {
  name: 'speech-seq2seq',
  supports(entry: FamilyEntry, task: FamilyTask): true | string {
    if (!FAMILIES.has(entry.family)) return `no Whisper-style encoder-decoder is forged for "${entry.family}"`;
    if (task.task === 'audio-feature-extraction' && task.autoClass === 'AutoModel' && entry.family !== 'moonshine') return true;
    if (task.task !== 'automatic-speech-recognition') return `task "${task.task}" is not automatic-speech-recognition (nor the bare model's audio-feature-extraction)`;
    return true;
  },
  build(ctx: ForgeContext): ForgedFolder {
    if (ctx.entry.family === 'cohere_asr') return buildCohereAsr(ctx);
    return ctx.entry.family === 'moonshine' ? buildMoonshine(ctx) : buildWhisper(ctx);
  },
};

/** The family's bare model (WhisperModel, CohereAsrModel: audio-feature-extraction): same graphs, decoder states out. */
function bareModel(ctx: ForgeContext): boolean {
  return ctx.task.task === 'audio-feature-extraction';
}

function buildWhisper(ctx: ForgeContext): ForgedFolder {
    const real = ctx.realConfig;
    const D = intAt(real, 'd_model') ?? ctx.size.hidden;
    const layers = intAt(real, 'encoder_layers') ?? ctx.size.layers;
    const decoderLayers = intAt(real, 'decoder_layers') ?? ctx.size.layers;
    const heads = intAt(real, 'encoder_attention_heads') ?? ctx.size.heads;
    const ffn = intAt(real, 'encoder_ffn_dim') ?? ctx.size.intermediate;
    const mels = intAt(real, 'num_mel_bins') ?? TINY_MEL_BINS;
    const frames = (CHUNK_SECONDS * RATE) / HOP;
    const sourcePositions = frames / 2;
    const tok = whisperTokenizer(MAX_TARGET_POSITIONS);

    const g = new GraphBuilder({ seed: ctx.seed, name: `${ctx.entry.family}-encoder` });
    const features = g.input('input_features', 'float32', ['batch_size', mels, frames]);
    let x = activation(g, conv1d(g, features, 'conv1', { inChannels: mels, outChannels: D, kernel: 3, pad: 1 }), 'gelu');
    x = activation(g, conv1d(g, x, 'conv2', { inChannels: D, outChannels: D, kernel: 3, stride: 2, pad: 1 }), 'gelu');
    x = addPositions(g, g.op1('Transpose', [x], { perm: [0, 2, 1] }), sourcePositions, D, 'embed');
    for (let i = 0; i < layers; i++) x = encoderLayer(g, x, D, heads, ffn, `layers.${i}`);
    g.output(layerNorm(g, x, 'layer_norm', D), 'last_hidden_state', 'float32', ['batch_size', sourcePositions, D]);

    const decoder = crossDecoder(
      { vocab: tok.vocabSize, hidden: D, layers: decoderLayers, heads: intAt(real, 'decoder_attention_heads') ?? heads, intermediate: intAt(real, 'decoder_ffn_dim') ?? ffn, maxPositions: MAX_TARGET_POSITIONS, statesOnly: bareModel(ctx) },
      ctx.seed + 1,
      `${ctx.entry.family}-decoder`,
    );
    const gen = tok.generationConfig;
    const config = {
      model_type: ctx.entry.family,
      architectures: [ctx.task.modelClass],
      is_encoder_decoder: true,
      d_model: D,
      encoder_layers: layers,
      encoder_attention_heads: heads,
      encoder_ffn_dim: ffn,
      decoder_layers: decoderLayers,
      decoder_attention_heads: heads,
      decoder_ffn_dim: ffn,
      num_mel_bins: mels,
      max_source_positions: sourcePositions,
      max_target_positions: MAX_TARGET_POSITIONS,
      vocab_size: tok.vocabSize,
      decoder_start_token_id: gen.decoder_start_token_id,
      bos_token_id: gen.bos_token_id,
      eos_token_id: gen.eos_token_id,
      pad_token_id: gen.pad_token_id,
      begin_suppress_tokens: gen.begin_suppress_tokens,
      suppress_tokens: [],
      forced_decoder_ids: null,
      use_cache: true,
    };
    const preprocessor = {
      feature_extractor_type: 'WhisperFeatureExtractor',
      feature_size: mels,
      sampling_rate: RATE,
      hop_length: HOP,
      n_fft: 400,
      chunk_length: CHUNK_SECONDS,
      n_samples: CHUNK_SECONDS * RATE,
      nb_max_frames: frames,
      padding_side: 'right',
      padding_value: 0,
      return_attention_mask: false,
      processor_class: 'WhisperProcessor',
    };
    return realConfigFolder(
      {
        'config.json': json(config),
        'generation_config.json': json(gen),
        'preprocessor_config.json': json(preprocessor),
        ...tok.files,
        'onnx/encoder_model.onnx': g.graph(),
        'onnx/decoder_model_merged.onnx': decoder,
      },
      ctx,
    );
}

function buildMoonshine(ctx: ForgeContext): ForgedFolder {
  const real = ctx.realConfig;
  const D = intAt(real, 'hidden_size') ?? ctx.size.hidden;
  const heads = intAt(real, 'encoder_num_attention_heads') ?? ctx.size.heads;
  const spec = { hidden: D, layers: intAt(real, 'encoder_num_hidden_layers') ?? ctx.size.layers, heads, intermediate: intAt(real, 'intermediate_size') ?? ctx.size.intermediate };
  const decoderLayers = intAt(real, 'decoder_num_hidden_layers') ?? ctx.size.layers;
  const tok = byteLevelBpeTokenizer(MAX_TARGET_POSITIONS);
  const g = new GraphBuilder({ seed: ctx.seed, name: 'moonshine-encoder' });
  const raw = { input: 'waveform', inputName: 'input_values', featureSize: 1, masked: false, preprocessor: {} } as const;
  g.output(audioEncoder(g, raw, spec), 'last_hidden_state', 'float32', ['batch_size', 'encoder_sequence_length', D]);
  const decoder = crossDecoder({ vocab: tok.vocabSize, hidden: D, layers: decoderLayers, heads, intermediate: spec.intermediate, maxPositions: MAX_TARGET_POSITIONS }, ctx.seed + 1, 'moonshine-decoder');
  const ids = { decoder_start_token_id: tok.bosTokenId, bos_token_id: tok.bosTokenId, eos_token_id: tok.eosTokenId, pad_token_id: tok.padTokenId };
  const config = {
    model_type: 'moonshine',
    architectures: [ctx.task.modelClass],
    is_encoder_decoder: true,
    hidden_size: D,
    intermediate_size: spec.intermediate,
    encoder_num_hidden_layers: spec.layers,
    decoder_num_hidden_layers: decoderLayers,
    encoder_num_attention_heads: heads,
    decoder_num_attention_heads: heads,
    encoder_num_key_value_heads: heads,
    decoder_num_key_value_heads: heads,
    max_position_embeddings: MAX_TARGET_POSITIONS,
    vocab_size: tok.vocabSize,
    use_cache: true,
    ...ids,
  };
  const preprocessor = { feature_extractor_type: 'MoonshineFeatureExtractor', feature_size: 1, sampling_rate: RATE, padding_value: 0, do_normalize: false, return_attention_mask: false };
  return realConfigFolder(
    {
      'config.json': json(config),
      'generation_config.json': json({ ...ids, max_length: MAX_TARGET_POSITIONS }),
      'preprocessor_config.json': json(preprocessor),
      ...tok.files,
      'onnx/encoder_model.onnx': g.graph(),
      'onnx/decoder_model_merged.onnx': decoder,
    },
    ctx,
  );
}

/** Tokens CohereAsrProcessor.get_decoder_prompt_ids looks up (language `en`). */
const COHERE_PROMPT = ['<|startofcontext|>', '<|startoftranscript|>', '<|emo:undefined|>', '<|en|>', '<|pnc|>', '<|noitn|>', '<|notimestamp|>', '<|nodiarize|>'];

function buildCohereAsr(ctx: ForgeContext): ForgedFolder {
  const real = ctx.realConfig;
  const D = intAt(real, 'hidden_size') ?? ctx.size.hidden;
  const heads = intAt(real, 'num_attention_heads') ?? ctx.size.heads;
  const layers = intAt(real, 'num_hidden_layers') ?? ctx.size.layers;
  const spec = { hidden: D, layers, heads, intermediate: intAt(real, 'intermediate_size') ?? ctx.size.intermediate };
  const tok = specialBpeTokenizer(['\u2581'], ['<pad>', '<|endoftext|>', ...COHERE_PROMPT], {
    tokenizer_class: 'PreTrainedTokenizerFast',
    bos_token: '<|startoftranscript|>',
    eos_token: '<|endoftext|>',
    pad_token: '<pad>',
    model_max_length: MAX_TARGET_POSITIONS,
  });
  const g = new GraphBuilder({ seed: ctx.seed, name: 'cohere-asr-encoder' });
  const frontEnd = { input: 'spectrogram', inputName: 'input_features', featureSize: TINY_MEL_BINS, masked: false, preprocessor: {} } as const;
  g.output(audioEncoder(g, frontEnd, spec), 'last_hidden_state', 'float32', ['batch_size', 'num_frames', D]);
  const decoder = crossDecoder({ vocab: tok.vocabSize, hidden: D, layers, heads, intermediate: spec.intermediate, maxPositions: MAX_TARGET_POSITIONS * 2, statesOnly: bareModel(ctx) }, ctx.seed + 1, 'cohere-asr-decoder');
  const ids = { decoder_start_token_id: tok.ids['<|startoftranscript|>'], bos_token_id: tok.ids['<|startoftranscript|>'], eos_token_id: tok.ids['<|endoftext|>'], pad_token_id: tok.ids['<pad>'] };
  const config = {
    model_type: 'cohere_asr',
    architectures: [ctx.task.modelClass],
    is_encoder_decoder: true,
    hidden_size: D,
    num_hidden_layers: layers,
    num_attention_heads: heads,
    num_key_value_heads: heads,
    head_dim: D / heads,
    intermediate_size: spec.intermediate,
    vocab_size: tok.vocabSize,
    max_position_embeddings: MAX_TARGET_POSITIONS * 2,
    encoder_config: { hidden_size: D, num_hidden_layers: layers, num_attention_heads: heads },
    use_cache: true,
    ...ids,
  };
  const preprocessor = {
    feature_extractor_type: 'CohereAsrFeatureExtractor',
    processor_class: 'CohereAsrProcessor',
    feature_size: TINY_MEL_BINS,
    sampling_rate: RATE,
    n_fft: 512,
    win_length: 400,
    hop_length: HOP,
    preemphasis: 0.97,
    dither: 0,
    max_audio_clip_s: 35,
    overlap_chunk_second: 5,
    padding_value: 0,
    return_attention_mask: true,
  };
  return realConfigFolder(
    {
      'config.json': json(config),
      'generation_config.json': json({ ...ids, max_length: MAX_TARGET_POSITIONS }),
      'preprocessor_config.json': json(preprocessor),
      'processor_config.json': json({ processor_class: 'CohereAsrProcessor' }),
      ...tok.files,
      'onnx/encoder_model.onnx': g.graph(),
      'onnx/decoder_model_merged.onnx': decoder,
    },
    ctx,
  );
}
