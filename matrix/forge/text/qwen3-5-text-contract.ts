/**
 * Text generation for Qwen3.5's text model (`qwen3_5_text`, transformers.js's Qwen3_5ForCausalLM,
 * a Qwen3-VL subclass): `onnx/embed_tokens.onnx` + `onnx/decoder_model_merged.onnx` with 3-D
 * multimodal RoPE positions ([3, batch, seq], computed by the model class's get_rope_index, which
 * reads `vision_config.spatial_merge_size` even for text). config.architectures names
 * Qwen3_5ForConditionalGeneration so transformers.js loads the text-only sessions; `layer_types`
 * are all full_attention, so the cache is the plain KV cache (the linear-attention layers' conv /
 * recurrent states are the causal-LM contract's business).
 */
import type { ForgeContract, ForgedFolder } from '../contracts/contract.js';
import { embedsDecoder, mropeSection } from '../onnx/embeds-decoder.js';
import { byteLevelBpeTokenizer, json } from '../tokenizers/tokenizer-files.js';
import { specialTokenIds } from '../tokenizers/special-token-ids.js';
import { decoderDimsConfig } from '../config/decoder-dims-config.js';

export const qwen35TextContract: ForgeContract = {
  name: 'qwen3-5-text',
  supports(entry, task) {
    if (entry.family !== 'qwen3_5_text') return `not the qwen3_5_text family (${entry.family})`;
    if (task.task !== 'text-generation') return `task ${task.task} is not text-generation`;
    return true;
  },
  build(ctx) {
    const tok = byteLevelBpeTokenizer(ctx.size.maxPositions);
    const { hidden, layers, heads, kvHeads, intermediate } = ctx.size;
    const headDim = hidden / heads;
    const lm = embedsDecoder({ seed: ctx.seed, name: `${ctx.entry.family}-${ctx.task.task}`, vocab: tok.vocabSize, hidden, layers, heads, kvHeads, intermediate, eosTokenId: tok.eosTokenId, positions: 'mrope' });
    const config = {
      model_type: 'qwen3_5_text',
      architectures: ['Qwen3_5ForConditionalGeneration'],
      ...decoderDimsConfig(tok.vocabSize, ctx.size),
      max_position_embeddings: ctx.size.maxPositions,
      layer_types: Array.from({ length: layers }, () => 'full_attention'),
      rope_scaling: { type: 'mrope', mrope_section: mropeSection(headDim) },
      vision_config: { spatial_merge_size: 2 },
      ...specialTokenIds(tok),
    };
    const folder: ForgedFolder = {
      'config.json': json(config),
      'generation_config.json': json(specialTokenIds(tok)),
      ...tok.files,
      'onnx/embed_tokens.onnx': lm.embedTokens,
      'onnx/decoder_model_merged.onnx': lm.decoder,
    };
    return folder;
  },
};
