/**
 * Image-text-to-text for the Qwen-VL family (qwen2_vl, qwen2_5_vl, qwen3_vl, qwen3_vl_moe, qwen3_5,
 * qwen3_5_moe, glm_ocr): `onnx/vision_encoder.onnx` (flattened patches + grid → merged image
 * features), `onnx/embed_tokens.onnx` and `onnx/decoder_model_merged.onnx` with 3-D multimodal
 * RoPE (`position_ids [3, batch_size, sequence_length]`), and the family's processor classes so
 * the placeholder expands to grid_t·grid_h·grid_w / merge² image tokens.
 */
import type { ForgeContract, ForgedFolder } from '../contracts/contract.js';
import { embedsDecoder, mropeSection } from '../onnx/embeds-decoder.js';
import { patchMergerEncoder } from './patch-merger-encoder.js';
import { QWEN_VL_FAMILIES } from './qwen-vl-families.js';
import { simpleChatTemplate, specialTokenizer } from '../tokenizers/special-tokens.js';
import { json } from '../tokenizers/tokenizer-files.js';
import { specialTokenIds } from '../tokenizers/special-token-ids.js';
import { decoderDimsConfig } from '../config/decoder-dims-config.js';

/** Pixel side of one vision patch, merge side and temporal patch of forged Qwen-VL models. */
export const QWEN_VL = Object.freeze({ patch: 4, merge: 2, temporal: 2, visionHidden: 16 });

export const qwenVlImageTextContract: ForgeContract = {
  name: 'qwen-vl-image-text',
  supports(entry, task) {
    if (!QWEN_VL_FAMILIES[entry.family]) return `not a Qwen-VL family (${entry.family})`;
    // The text-only class (Qwen2VLForCausalLM, …) loads the same folder's embed_tokens + decoder sessions.
    if (task.task === 'text-generation' && task.autoClass === 'AutoModelForCausalLM') return true;
    if (task.task !== 'image-text-to-text') return `task ${task.task} is not image-text-to-text (nor the text-only causal LM)`;
    return true;
  },
  build(ctx) {
    const family = QWEN_VL_FAMILIES[ctx.entry.family]!;
    const imageSize = ctx.size.imageSize ?? 32;
    const placeholder = `${family.visionStart}${family.imageToken}${family.visionEnd}`;
    const tok = specialTokenizer({
      tokens: [family.imageToken, family.visionStart, family.visionEnd, '<|video_pad|>'],
      chatTemplate: simpleChatTemplate(placeholder),
      modelMaxLength: ctx.size.maxPositions,
    });
    const { hidden, layers, heads, kvHeads, intermediate } = ctx.size;
    const headDim = hidden / heads;
    const name = `${ctx.entry.family}-${ctx.task.task}`;
    const lm = embedsDecoder({ seed: ctx.seed, name, vocab: tok.vocabSize, hidden, layers, heads, kvHeads, intermediate, eosTokenId: tok.eosTokenId, positions: 'mrope' });
    const { patch, merge, temporal, visionHidden } = QWEN_VL;
    const vision = patchMergerEncoder({ seed: ctx.seed, name, patchFeatures: 3 * temporal * patch * patch, gridInput: family.gridInput, visionHidden, heads: 2, merge: merge * merge, textHidden: hidden });

    const textConfig = {
      model_type: family.textModelType,
      ...decoderDimsConfig(tok.vocabSize, ctx.size),
      max_position_embeddings: ctx.size.maxPositions,
      rope_scaling: { type: 'mrope', mrope_section: mropeSection(headDim) },
      ...(family.layerTypes ? { layer_types: Array.from({ length: layers }, () => 'full_attention') } : {}),
      ...specialTokenIds(tok),
    };
    const { model_type: _textType, ...flatText } = textConfig;
    const config = {
      model_type: ctx.entry.family,
      // The text-only class is loaded through the vision-language class's architecture, which makes transformers.js
      // load the embed_tokens + decoder sessions (naming Qwen2VLForCausalLM itself would ask for one model.onnx).
      architectures: [ctx.task.task === 'text-generation' ? (ctx.entry.tasks.find((t) => t.task === 'image-text-to-text')?.modelClass ?? ctx.task.modelClass) : ctx.task.modelClass],
      ...(family.textConfigKey === 'flat' ? flatText : { text_config: textConfig }),
      vision_config: { hidden_size: visionHidden, depth: 1, num_heads: 2, patch_size: patch, spatial_merge_size: merge, temporal_patch_size: temporal, out_hidden_size: hidden },
      image_token_id: tok.added[family.imageToken],
      video_token_id: tok.added['<|video_pad|>'],
      vision_start_token_id: tok.added[family.visionStart],
      vision_end_token_id: tok.added[family.visionEnd],
      ...specialTokenIds(tok),
    };
    const pixels = imageSize * imageSize;
    const preprocessor = {
      image_processor_type: family.imageProcessorType,
      processor_class: family.processorClass,
      do_resize: true,
      resample: 3,
      do_rescale: true,
      rescale_factor: 1 / 255,
      do_normalize: true,
      image_mean: [0.5, 0.5, 0.5],
      image_std: [0.5, 0.5, 0.5],
      do_convert_rgb: true,
      min_pixels: pixels / 4,
      max_pixels: pixels,
      size: { shortest_edge: pixels / 4, longest_edge: pixels },
      patch_size: patch,
      merge_size: merge,
      temporal_patch_size: temporal,
    };
    const folder: ForgedFolder = {
      'config.json': json(config),
      'generation_config.json': json(specialTokenIds(tok)),
      'preprocessor_config.json': json(preprocessor),
      ...tok.files,
      'onnx/vision_encoder.onnx': vision,
      'onnx/embed_tokens.onnx': lm.embedTokens,
      'onnx/decoder_model_merged.onnx': lm.decoder,
    };
    return folder;
  },
};
