/**
 * Processor-side files of a LLaVA-style forged model, by processor style: the special tokens the
 * tokenizer must know, `preprocessor_config.json` (with `processor_class`, which AutoProcessor
 * follows), `processor_config.json` where the class reads one, and the prompt a test sends.
 */
import { imagePreprocessorConfig } from '../config/image-preprocessor-config.js';
import type { LlavaProcessorStyle } from './llava-families.js';

export interface LlavaProcessorFiles {
  /** Special tokens to add, the image token (the one features replace) first. */
  tokens: string[];
  imageToken: string;
  preprocessor: Record<string, unknown>;
  processor?: Record<string, unknown>;
  /** Extra tokenizer_config.json keys. */
  tokenizerConfig?: Record<string, unknown>;
  /** Placeholder a prompt (or the chat template) writes for one image. */
  placeholder: string;
  /** The processor class reads `chat_template.jinja` (Gemma 3). */
  chatTemplateFile?: boolean;
}

/** `patch` is the pixels per image token, `imageSize` the processed square side. */
export function llavaProcessorFiles(style: LlavaProcessorStyle, imageSize: number, patch: number): LlavaProcessorFiles {
  const tokensPerImage = (imageSize / patch) ** 2;
  const square = (processorType: string, processorClass: string, extra: Record<string, unknown> = {}) =>
    imagePreprocessorConfig({ processorType, style: 'height-width', imageSize, extra: { processor_class: processorClass, image_mean: [0.5, 0.5, 0.5], image_std: [0.5, 0.5, 0.5], ...extra } });
  switch (style) {
    case 'llava':
      return {
        tokens: ['<image>'],
        imageToken: '<image>',
        placeholder: '<image>',
        preprocessor: square('CLIPImageProcessor', 'LlavaProcessor'),
        processor: { processor_class: 'LlavaProcessor', image_token: '<image>', patch_size: patch, num_additional_image_tokens: 0, vision_feature_select_strategy: 'full' },
      };
    case 'pixtral': {
      const pixtralPatch = patch / 2;
      return {
        tokens: ['[IMG]', '[IMG_BREAK]', '[IMG_END]'],
        imageToken: '[IMG]',
        placeholder: '[IMG]',
        preprocessor: {
          ...square('PixtralImageProcessor', 'PixtralProcessor', { patch_size: pixtralPatch, spatial_merge_size: 2 }),
          size: { longest_edge: imageSize },
        },
        processor: { processor_class: 'PixtralProcessor', image_token: '[IMG]', image_break_token: '[IMG_BREAK]', image_end_token: '[IMG_END]', patch_size: pixtralPatch, spatial_merge_size: 2 },
      };
    }
    case 'paligemma':
      return {
        tokens: ['<image>'],
        imageToken: '<image>',
        placeholder: '<image>',
        preprocessor: square('SiglipImageProcessor', 'PaliGemmaProcessor', { image_seq_length: tokensPerImage }),
      };
    case 'gemma3':
      return {
        tokens: ['<image_soft_token>', '<start_of_image>', '<end_of_image>'],
        imageToken: '<image_soft_token>',
        placeholder: '<start_of_image>',
        preprocessor: square('Gemma3ImageProcessor', 'Gemma3Processor'),
        processor: { processor_class: 'Gemma3Processor', image_seq_length: tokensPerImage },
        chatTemplateFile: true,
        tokenizerConfig: { boi_token: '<start_of_image>', image_token: '<image_soft_token>', eoi_token: '<end_of_image>' },
      };
  }
}
