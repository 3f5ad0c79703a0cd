/**
 * Image-text-to-text for LFM2-VL (transformers.js's Lfm2VlForConditionalGeneration, a LLaVA
 * subclass that also sends pixel_attention_mask and spatial_shapes): `onnx/vision_encoder.onnx`
 * (flattened padded patches → pixel-unshuffled image_features, one row per image token),
 * `onnx/embed_tokens.onnx` and `onnx/decoder_model_merged.onnx`. Lfm2VlProcessor takes
 * (images, text): it tiles large images (plus a thumbnail), smart-resizes small ones, and writes
 * `<|image_start|>` [`<|img_row_r_col_c|>` + tile tokens]… `<image>`×(rows/2·cols/2) `<|image_end|>`.
 * The language model is an attention-only LFM2 (layer_types all full_attention), so its cache is
 * the plain KV cache; the conv-layer cache is the causal-LM contract's business.
 */
import type { ForgeContract, ForgedFolder } from '../contracts/contract.js';
import { lfm2VlVisionEncoder } from './lfm2-vl-vision-encoder.js';
import { embedsDecoder } from '../onnx/embeds-decoder.js';
import { simpleChatTemplate, specialTokenizer } from '../tokenizers/special-tokens.js';
import { json } from '../tokenizers/tokenizer-files.js';
import { specialTokenIds } from '../tokenizers/special-token-ids.js';
import { decoderDimsConfig } from '../config/decoder-dims-config.js';

/** Image-processor sizes of forged LFM2-VL models (max_num_patches = maxImageTokens · 4). */
export const LFM2_VL = Object.freeze({ patch: 8, tile: 32, minImageTokens: 4, maxImageTokens: 16, minTiles: 2, maxTiles: 4, visionHidden: 16 });

export const lfm2VlImageTextContract: ForgeContract = {
  name: 'lfm2-vl-image-text',
  supports(entry, task) {
    if (entry.family !== 'lfm2_vl') return `not the lfm2_vl family (${entry.family})`;
    if (task.task !== 'image-text-to-text') return `task ${task.task} is not image-text-to-text`;
    return true;
  },
  build(ctx) {
    const { patch, tile, minImageTokens, maxImageTokens, minTiles, maxTiles, visionHidden } = LFM2_VL;
    const gridTokens: string[] = [];
    for (let r = 1; r <= maxTiles; r++) for (let c = 1; r * c <= maxTiles; c++) gridTokens.push(`<|img_row_${r}_col_${c}|>`);
    const tok = specialTokenizer({
      tokens: ['<image>', '<|image_start|>', '<|image_end|>', '<|img_thumbnail|>', ...gridTokens],
      chatTemplate: simpleChatTemplate('<image>'),
      modelMaxLength: 2048,
    });
    const imageTokenId = tok.added['<image>']!;
    const { hidden, layers, heads, kvHeads, intermediate } = ctx.size;
    const name = `${ctx.entry.family}-${ctx.task.task}`;
    const lm = embedsDecoder({ seed: ctx.seed, name, vocab: tok.vocabSize, hidden, layers, heads, kvHeads, intermediate, eosTokenId: tok.eosTokenId, positions: '1d' });
    const maxPatches = Math.max(maxImageTokens * 4, (tile / patch) ** 2);
    const vision = lfm2VlVisionEncoder({ seed: ctx.seed, name, patch, maxPatches, visionHidden, heads: 2, textHidden: hidden });
    const config = {
      model_type: 'lfm2_vl',
      architectures: [ctx.task.modelClass],
      text_config: {
        model_type: 'lfm2',
        ...decoderDimsConfig(tok.vocabSize, ctx.size),
        max_position_embeddings: 2048,
        layer_types: Array.from({ length: layers }, () => 'full_attention'),
      },
      vision_config: { model_type: 'siglip2_vision_model', hidden_size: visionHidden, patch_size: patch, num_patches: maxPatches, num_hidden_layers: 1, num_attention_heads: 2 },
      downsample_factor: 2,
      image_token_id: imageTokenId,
      image_token_index: imageTokenId,
      ...specialTokenIds(tok),
    };
    const preprocessor = {
      image_processor_type: 'Lfm2VlImageProcessor',
      processor_class: 'Lfm2VlProcessor',
      do_resize: false,
      do_rescale: true,
      rescale_factor: 1 / 255,
      do_normalize: true,
      image_mean: [0.5, 0.5, 0.5],
      image_std: [0.5, 0.5, 0.5],
      do_image_splitting: true,
      downsample_factor: 2,
      encoder_patch_size: patch,
      tile_size: tile,
      min_tiles: minTiles,
      max_tiles: maxTiles,
      use_thumbnail: true,
      min_image_tokens: minImageTokens,
      max_image_tokens: maxImageTokens,
      max_pixels_tolerance: 2,
      max_num_patches: maxPatches,
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
