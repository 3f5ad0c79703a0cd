/**
 * Image classification and image feature extraction (ViT, DeiT, BEiT, DINOv2, Swin, ConvNeXt,
 * ResNet, EfficientNet, MobileNet, MobileViT, …): `pixel_values [batch_size,3,H,W]` →
 * `logits [batch_size, labels]` for `*ForImageClassification`, `last_hidden_state` +
 * `pooler_output` for the bare model (`AutoModel`, the image-feature-extraction pipeline).
 */
import type { FamilyEntry, FamilyTask } from '../../../generator/types.js';
import type { ForgeContext, ForgeContract, ForgedFolder } from '../contracts/contract.js';
import { linear } from '../onnx/blocks.js';
import { GraphBuilder } from '../onnx/graph-builder.js';
import { json } from '../tokenizers/tokenizer-files.js';
import { imageBackbone, type ImageBackboneSpec } from './image-backbone.js';
import { IMAGE_FAMILIES } from './image-families.js';
import { imagePreprocessorConfig } from '../config/image-preprocessor-config.js';
import { intAt } from '../config/real-dims.js';
import { labelMaps } from '../config/label-maps.js';
import { realConfigFolder } from '../config/real-config.js';

const TASKS = new Set(['image-classification', 'image-feature-extraction']);
/** Labels of a forged classifier head. */
export const TINY_LABELS = 5;

export const imageClassificationContract: ForgeContract = {
  name: 'image-classification',
  supports(entry: FamilyEntry, task: FamilyTask): true | string {
    if (!IMAGE_FAMILIES[entry.family]) return `no image backbone is forged for "${entry.family}"`;
    if (!TASKS.has(task.task)) return `task "${task.task}" is not image classification or image feature extraction`;
    return true;
  },
  build(ctx: ForgeContext): ForgedFolder {
    const family = IMAGE_FAMILIES[ctx.entry.family]!;
    const spec = imageSpec(ctx, family.kind, family.classToken, family.registerTokens ?? 0);
    const classify = ctx.task.task === 'image-classification';
    const realLabels = Object.keys((ctx.realConfig?.id2label as object | undefined) ?? {}).length;
    const numLabels = intAt(ctx.realConfig, 'num_labels') ?? (realLabels || TINY_LABELS);

    const g = new GraphBuilder({ seed: ctx.seed, name: `${ctx.entry.family}-${ctx.task.task}` });
    const backbone = imageBackbone(g, spec);
    if (classify) {
      g.output(linear(g, backbone.pooled, 'classifier', spec.hidden, numLabels), 'logits', 'float32', ['batch_size', numLabels]);
    } else {
      g.output(backbone.hiddenState, 'last_hidden_state', 'float32', backbone.hiddenDims);
      g.output(backbone.pooled, 'pooler_output', 'float32', ['batch_size', spec.hidden]);
    }
    const config = {
      model_type: ctx.entry.family,
      architectures: [ctx.task.modelClass],
      image_size: spec.imageSize,
      patch_size: spec.patchSize,
      num_channels: 3,
      hidden_size: spec.hidden,
      num_hidden_layers: spec.layers,
      num_attention_heads: spec.heads,
      intermediate_size: spec.intermediate,
      ...(classify ? labelMaps(numLabels) : {}),
    };
    return realConfigFolder({
      'config.json': json(config),
      'preprocessor_config.json': json(
        imagePreprocessorConfig({ processorType: family.processorType, style: family.style, imageSize: spec.imageSize }),
      ),
      'onnx/model.onnx': g.graph(),
    }, ctx);
  },
};

/** Backbone dimensions: the tiny preset, or those a real config states. */
export function imageSpec(ctx: ForgeContext, kind: 'vit' | 'cnn', classToken: boolean, registerTokens: number): ImageBackboneSpec {
  const real = ctx.realConfig;
  const heads = intAt(real, 'num_attention_heads') ?? ctx.size.heads;
  return {
    kind,
    imageSize: intAt(real, 'image_size') ?? ctx.size.imageSize ?? 32,
    patchSize: intAt(real, 'patch_size') ?? 8,
    hidden: intAt(real, 'hidden_size') ?? ctx.size.hidden,
    layers: intAt(real, 'num_hidden_layers') ?? ctx.size.layers,
    heads,
    intermediate: intAt(real, 'intermediate_size') ?? ctx.size.intermediate,
    classToken,
    registerTokens: intAt(real, 'num_register_tokens') ?? registerTokens,
  };
}
