/**
 * Text-to-audio for MusicGen (transformers.js's MusicgenForConditionalGeneration): three sessions,
 * `onnx/text_encoder.onnx`, `onnx/decoder_model_merged.onnx` and `onnx/encodec_decode.onnx`
 * (see ./musicgen-graphs.ts). `model.generate({ input_ids, attention_mask, max_new_tokens })`
 * runs the codebook decoder with the delay pattern, strips it and decodes the codes to
 * audio_values [batch, 1, (max_new_tokens + 1 − codebooks) · hop]; max_new_tokens must exceed the
 * codebook count. The text-to-audio pipeline does not drive MusicGen (it calls a forward pass).
 */
import type { ForgeContract, ForgedFolder } from '../contracts/contract.js';
import { musicgenAudioDecoder, musicgenDecoder, musicgenTextEncoder, type MusicgenSpec } from './musicgen-graphs.js';
import { byteLevelBpeTokenizer, json } from '../tokenizers/tokenizer-files.js';

/** Codebooks, codes per codebook, samples per frame and rate of forged MusicGen models. */
export const MUSICGEN = Object.freeze({ codebooks: 4, codebookSize: 64, hop: 16, samplingRate: 32000 });

export const musicgenContract: ForgeContract = {
  name: 'musicgen',
  supports(entry, task) {
    if (entry.family !== 'musicgen') return `not the musicgen family (${entry.family})`;
    if (task.task !== 'text-to-audio') return `task ${task.task} is not text-to-audio`;
    return true;
  },
  build(ctx) {
    const { codebooks, codebookSize, hop, samplingRate } = MUSICGEN;
    const { hidden, layers, heads, intermediate, maxPositions } = ctx.size;
    const tok = byteLevelBpeTokenizer(maxPositions);
    const spec: MusicgenSpec = { seed: ctx.seed, name: `${ctx.entry.family}-${ctx.task.task}`, textVocab: tok.vocabSize, hidden, layers, heads, intermediate, codebooks, codebookSize, maxPositions, hop };
    const config = {
      model_type: 'musicgen',
      architectures: [ctx.task.modelClass],
      is_encoder_decoder: true,
      decoder: {
        model_type: 'musicgen_decoder',
        vocab_size: codebookSize,
        num_codebooks: codebooks,
        hidden_size: hidden,
        num_hidden_layers: layers,
        num_attention_heads: heads,
        ffn_dim: intermediate,
        max_position_embeddings: maxPositions,
        pad_token_id: codebookSize,
        bos_token_id: codebookSize,
        audio_channels: 1,
      },
      text_encoder: { model_type: 't5', d_model: hidden, num_layers: 1, num_heads: heads, vocab_size: tok.vocabSize },
      audio_encoder: { model_type: 'encodec', sampling_rate: samplingRate, codebook_size: codebookSize, upsampling_ratios: [hop], audio_channels: 1 },
      decoder_start_token_id: codebookSize,
      pad_token_id: codebookSize,
      sampling_rate: samplingRate,
    };
    const generation = { decoder_start_token_id: codebookSize, pad_token_id: codebookSize, bos_token_id: codebookSize, do_sample: false, max_length: 16 };
    const folder: ForgedFolder = {
      'config.json': json(config),
      'generation_config.json': json(generation),
      ...tok.files,
      'onnx/text_encoder.onnx': musicgenTextEncoder(spec),
      'onnx/decoder_model_merged.onnx': musicgenDecoder(spec),
      'onnx/encodec_decode.onnx': musicgenAudioDecoder(spec),
    };
    return folder;
  },
};
