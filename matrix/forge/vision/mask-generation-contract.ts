/**
 * Segment Anything mask generation (SAM, SAM2, EdgeTAM, SAM3 tracker): `onnx/vision_encoder.onnx`
 * + `onnx/prompt_encoder_mask_decoder.onnx` as SamModel / Sam2Model load them, with
 * SamImageProcessor (longest edge → 32, padded square) so prompts in image pixels are rescaled.
 */
import type { FamilyEntry, FamilyTask } from '../../../generator/types.js';
import type { ForgeContext, ForgeContract, ForgedFolder } from '../contracts/contract.js';
import { json } from '../tokenizers/tokenizer-files.js';
import { samMaskDecoder, samVisionEncoder, type SamSpec } from './sam-graphs.js';
import { intAt } from '../config/real-dims.js';
import { realConfigFolder } from '../config/real-config.js';

/** Families → image processor type their checkpoints name; multi-level = SAM2 decoder IO. */
const FAMILIES: Readonly<Record<string, { processorType: string; multiLevel: boolean }>> = Object.freeze({
  sam: { processorType: 'SamImageProcessor', multiLevel: false },
  sam2: { processorType: 'Sam2ImageProcessor', multiLevel: true },
  edgetam: { processorType: 'Sam2ImageProcessor', multiLevel: true },
  sam3_tracker: { processorType: 'Sam3ImageProcessor', multiLevel: true },
});

export const maskGenerationContract: ForgeContract = {
  name: 'mask-generation',
  supports(entry: FamilyEntry, task: FamilyTask): true | string {
    if (!FAMILIES[entry.family]) return `no Segment Anything model is forged for "${entry.family}"`;
    if (task.task !== 'mask-generation') return `task "${task.task}" is not mask-generation`;
    return true;
  },
  build(ctx: ForgeContext): ForgedFolder {
    const family = FAMILIES[ctx.entry.family]!;
    const real = ctx.realConfig;
    const spec: SamSpec = {
      imageSize: intAt(real, 'image_size') ?? ctx.size.imageSize ?? 32,
      hidden: intAt(real, 'hidden_size') ?? ctx.size.hidden,
      heads: intAt(real, 'num_attention_heads') ?? ctx.size.heads,
      layers: intAt(real, 'num_hidden_layers') ?? ctx.size.layers,
      intermediate: intAt(real, 'intermediate_size') ?? ctx.size.intermediate,
      multiLevel: family.multiLevel,
    };
    const S = spec.imageSize;
    const config = {
      model_type: ctx.entry.family,
      architectures: [ctx.task.modelClass],
      vision_config: { image_size: S, patch_size: 8, hidden_size: spec.hidden, num_hidden_layers: spec.layers, num_attention_heads: spec.heads, ...(family.multiLevel ? { num_feature_levels: 3 } : {}) },
      prompt_encoder_config: { hidden_size: spec.hidden, image_size: S },
      mask_decoder_config: { hidden_size: spec.hidden, num_multimask_outputs: 3 },
    };
    const preprocessor = {
      image_processor_type: family.processorType,
      processor_class: family.multiLevel ? 'Sam2Processor' : 'SamProcessor',
      do_resize: true,
      size: { longest_edge: S },
      resample: 2,
      do_rescale: true,
      rescale_factor: 1 / 255,
      do_normalize: true,
      image_mean: [0.485, 0.456, 0.406],
      image_std: [0.229, 0.224, 0.225],
      do_pad: true,
      pad_size: { height: S, width: S },
      do_convert_rgb: true,
    };
    return realConfigFolder(
      {
        'config.json': json(config),
        'preprocessor_config.json': json(preprocessor),
        'onnx/vision_encoder.onnx': samVisionEncoder(spec, ctx.seed),
        'onnx/prompt_encoder_mask_decoder.onnx': samMaskDecoder(spec, ctx.seed + 1),
      },
      ctx,
    );
  },
};
