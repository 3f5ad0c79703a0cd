/**
 * Families whose image-text-to-text class is transformers.js's LlavaForConditionalGeneration
 * (or a subclass that only renames it): vision_encoder + embed_tokens + decoder_model_merged, image
 * features spliced at the image-token positions. They differ in the processor that expands the
 * image placeholder and in where the config keeps the text dimensions.
 */

/** How the prompt's image placeholder is expanded (the processor class real exports ship). */
export type LlavaProcessorStyle =
  /** LlavaProcessor: `<image>` → (H/patch)·(W/patch) `<image>` tokens. */
  | 'llava'
  /** PixtralProcessor: rows of `[IMG]` tokens closed by `[IMG_BREAK]`, last by `[IMG_END]`. */
  | 'pixtral'
  /** PaliGemmaProcessor: image_seq_length `<image>` tokens, then BOS, then the prompt. */
  | 'paligemma'
  /** Gemma3Processor: `<start_of_image>` → boi + image_seq_length `<image_soft_token>` + eoi. */
  | 'gemma3';

/** Where config.json keeps the language model's dimensions. */
export type TextConfigKey = 'text_config' | 'phi_config' | 'flat';

export interface LlavaFamily {
  processor: LlavaProcessorStyle;
  /** model_type of the text sub-config (decides transformers.js's normalized config). */
  textModelType: string;
  textConfigKey: TextConfigKey;
}

export const LLAVA_FAMILIES: Readonly<Record<string, LlavaFamily>> = Object.freeze({
  llava: { processor: 'llava', textModelType: 'llama', textConfigKey: 'text_config' },
  llava_onevision: { processor: 'llava', textModelType: 'qwen2', textConfigKey: 'text_config' },
  moondream1: { processor: 'llava', textModelType: 'phi', textConfigKey: 'phi_config' },
  llava_qwen2: { processor: 'llava', textModelType: 'llava_qwen2', textConfigKey: 'flat' },
  mistral3: { processor: 'pixtral', textModelType: 'mistral', textConfigKey: 'text_config' },
  lighton_ocr: { processor: 'pixtral', textModelType: 'qwen3', textConfigKey: 'text_config' },
  paligemma: { processor: 'paligemma', textModelType: 'gemma', textConfigKey: 'text_config' },
  gemma3: { processor: 'gemma3', textModelType: 'gemma3_text', textConfigKey: 'text_config' },
});
