/**
 * Families whose image-text-to-text class is transformers.js's Qwen2VLForConditionalGeneration or
 * a subclass (Qwen2-VL, Qwen2.5-VL, Qwen3-VL(-MoE), Qwen3.5(-MoE), GLM-OCR): flattened patches +
 * `image_grid_thw` into the vision encoder, merged 2×2 patch tokens as image features, and 3-D
 * multimodal RoPE positions (`position_ids [3, batch, seq]`) computed by the model class.
 */

export interface QwenVlFamily {
  /** Name of the grid input of the vision encoder (`grid_thw` for Qwen2-VL, else `image_grid_thw`). */
  gridInput: 'grid_thw' | 'image_grid_thw';
  /** `flat`: text dimensions at the top of config.json (Qwen2-VL); else under `text_config`. */
  textConfigKey: 'flat' | 'text_config';
  textModelType: string;
  processorClass: string;
  imageProcessorType: string;
  /** The token the processor repeats per merged patch (the processor class's static image_token). */
  imageToken: string;
  /** Tokens around the image in the prompt. */
  visionStart: string;
  visionEnd: string;
  /** Text sub-config needs `layer_types` (Qwen3.5's hybrid cache naming); all full attention here. */
  layerTypes?: boolean;
}

const qwen = (o: Partial<QwenVlFamily> & Pick<QwenVlFamily, 'textModelType'>): QwenVlFamily => ({
  gridInput: 'image_grid_thw',
  textConfigKey: 'text_config',
  processorClass: 'Qwen2_5_VLProcessor',
  imageProcessorType: 'Qwen2VLImageProcessor',
  imageToken: '<|image_pad|>',
  visionStart: '<|vision_start|>',
  visionEnd: '<|vision_end|>',
  ...o,
});

export const QWEN_VL_FAMILIES: Readonly<Record<string, QwenVlFamily>> = Object.freeze({
  qwen2_vl: qwen({ gridInput: 'grid_thw', textConfigKey: 'flat', textModelType: 'qwen2_vl', processorClass: 'Qwen2VLProcessor' }),
  qwen2_5_vl: qwen({ textModelType: 'qwen2_5_vl_text' }),
  qwen3_vl: qwen({ textModelType: 'qwen3_vl_text', processorClass: 'Qwen3VLProcessor' }),
  qwen3_vl_moe: qwen({ textModelType: 'qwen3_vl_moe_text', processorClass: 'Qwen3VLProcessor' }),
  qwen3_5: qwen({ textModelType: 'qwen3_5_text', processorClass: 'Qwen3VLProcessor', layerTypes: true }),
  qwen3_5_moe: qwen({ textModelType: 'qwen3_5_moe_text', processorClass: 'Qwen3VLProcessor', layerTypes: true }),
  glm_ocr: qwen({ textModelType: 'glm_ocr_text', processorClass: 'Glm46VProcessor', imageProcessorType: 'Glm46VImageProcessor', imageToken: '<|image|>', visionStart: '<|begin_of_image|>', visionEnd: '<|end_of_image|>' }),
});
