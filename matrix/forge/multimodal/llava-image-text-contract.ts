/**
 * Image-text-to-text for LLaVA-style families (llava, llava_onevision, moondream1, llava_qwen2,
 * mistral3, lighton_ocr, paligemma, gemma3): `onnx/vision_encoder.onnx` (pixel_values →
 * image_features), `onnx/embed_tokens.onnx` (input_ids → inputs_embeds) and
 * `onnx/decoder_model_merged.onnx` (inputs_embeds + KV cache → logits), with the processor the
 * family's real exports use, so AutoProcessor expands the image placeholder into exactly as many
 * image tokens as the vision encoder yields features.
 */
import type { ForgeContract, ForgedFolder } from '../contracts/contract.js';
import { embedsDecoder } from '../onnx/embeds-decoder.js';
import { LLAVA_FAMILIES, type LlavaFamily } from './llava-families.js';
import { llavaProcessorFiles } from './llava-processor-files.js';
import { patchVisionEncoder } from './patch-vision-encoder.js';
import { simpleChatTemplate, specialTokenizer } from '../tokenizers/special-tokens.js';
import { json } from '../tokenizers/tokenizer-files.js';
import { specialTokenIds } from '../tokenizers/special-token-ids.js';
import { decoderDimsConfig } from '../config/decoder-dims-config.js';

/** Pixels per image token of forged LLaVA-style models. */
export const LLAVA_PATCH = 8;
/** Vision tower width of forged LLaVA-style models. */
export const LLAVA_VISION_HIDDEN = 16;

export const llavaImageTextContract: ForgeContract = {
  name: 'llava-image-text',
  supports(entry, task) {
    if (!LLAVA_FAMILIES[entry.family]) return `not a LLaVA-style family (${entry.family})`;
    if (task.task !== 'image-text-to-text') return `task ${task.task} is not image-text-to-text`;
    return true;
  },
  build(ctx) {
    const family = LLAVA_FAMILIES[ctx.entry.family]!;
    const imageSize = ctx.size.imageSize ?? 32;
    const files = llavaProcessorFiles(family.processor, imageSize, LLAVA_PATCH);
    const chatTemplate = simpleChatTemplate(files.placeholder);
    const tok = specialTokenizer({ tokens: files.tokens, chatTemplate, config: files.tokenizerConfig, modelMaxLength: ctx.size.maxPositions });
    const imageTokenId = tok.added[files.imageToken]!;
    const { hidden, layers, heads, kvHeads, intermediate } = ctx.size;
    const vocab = tok.vocabSize;
    const name = `${ctx.entry.family}-${ctx.task.task}`;
    const lm = embedsDecoder({ seed: ctx.seed, name, vocab, hidden, layers, heads, kvHeads, intermediate, eosTokenId: tok.eosTokenId, positions: '1d' });
    const vision = patchVisionEncoder({ seed: ctx.seed, name, patch: LLAVA_PATCH, visionHidden: LLAVA_VISION_HIDDEN, heads: 2, textHidden: hidden });

    const textConfig = {
      model_type: family.textModelType,
      ...decoderDimsConfig(vocab, ctx.size),
      max_position_embeddings: ctx.size.maxPositions,
      ...specialTokenIds(tok),
    };
    const config = {
      model_type: ctx.entry.family,
      architectures: [ctx.task.modelClass],
      ...textConfigEntry(family, textConfig),
      vision_config: { model_type: 'siglip_vision_model', hidden_size: LLAVA_VISION_HIDDEN, image_size: imageSize, patch_size: LLAVA_PATCH, num_hidden_layers: 1, num_attention_heads: 2 },
      image_token_index: imageTokenId,
      image_token_id: imageTokenId,
      mm_tokens_per_image: (imageSize / LLAVA_PATCH) ** 2,
      ...specialTokenIds(tok),
    };
    const folder: ForgedFolder = {
      'config.json': json(config),
      'generation_config.json': json(specialTokenIds(tok)),
      'preprocessor_config.json': json(files.preprocessor),
      ...(files.processor ? { 'processor_config.json': json(files.processor) } : {}),
      ...(files.chatTemplateFile ? { 'chat_template.jinja': chatTemplate } : {}),
      ...tok.files,
      'onnx/vision_encoder.onnx': vision,
      'onnx/embed_tokens.onnx': lm.embedTokens,
      'onnx/decoder_model_merged.onnx': lm.decoder,
    };
    return folder;
  },
};

/** The text dimensions under the key the family's config uses. */
function textConfigEntry(family: LlavaFamily, textConfig: Record<string, unknown>): Record<string, unknown> {
  switch (family.textConfigKey) {
    case 'text_config':
      return { text_config: textConfig };
    case 'phi_config':
      return { phi_config: textConfig, text_config: textConfig };
    case 'flat': {
      const { model_type: _ignored, ...flat } = textConfig;
      return flat;
    }
  }
}

