/**
 * Dense and query-based vision heads on a CNN backbone that takes any input size: depth
 * (DPT, GLPN, Depth Anything, Depth Pro, Metric3D, CHMv2, Sapiens), object detection (DETR,
 * YOLOS, RT-DETR(v2), D-FINE, RF-DETR, Table Transformer), semantic segmentation (SegFormer,
 * MobileNet, Swin, Sapiens), background removal (MODNet, BiRefNet, ISNet, BEN), MaskFormer,
 * super-resolution (Swin2SR), pose heatmaps (ViTPose), matting (ViTMatte) and the bare backbones.
 */
import type { FamilyEntry, FamilyTask } from '../../../generator/types.js';
import type { ForgeContext, ForgeContract, ForgedFolder } from '../contracts/contract.js';
import { linear } from '../onnx/blocks.js';
import { GraphBuilder } from '../onnx/graph-builder.js';
import { json } from '../tokenizers/tokenizer-files.js';
import { detectionOutputs, depthHead, fullResolutionHead, pointwise, queryDecoder, queryMasks, superResolution } from './dense-heads.js';
import { DENSE_FAMILIES, type DenseFamily, type DenseHead } from './dense-families.js';
import { imageBackbone } from './image-backbone.js';
import { imagePreprocessorConfig } from '../config/image-preprocessor-config.js';
import { flattenToTokens } from '../onnx/vision-blocks.js';
import { imageSpec } from './image-classification-contract.js';
import { labelMaps } from '../config/label-maps.js';
import { realConfigFolder } from '../config/real-config.js';

/** Labels of forged detection / segmentation heads, queries of query decoders, keypoints of pose heads. */
export const DENSE_LABELS = 4;
export const DENSE_QUERIES = 10;
export const KEYPOINTS = 17;

export const visionDenseContract: ForgeContract = {
  name: 'vision-dense',
  supports(entry: FamilyEntry, task: FamilyTask): true | string {
    const family = DENSE_FAMILIES[entry.family];
    if (!family) return `no dense vision head is forged for "${entry.family}"`;
    if (!family.heads[task.task]) return `task "${task.task}" has no forged head for ${entry.family} (forged: ${Object.keys(family.heads).join(', ')})`;
    return true;
  },
  build(ctx: ForgeContext): ForgedFolder {
    const family = DENSE_FAMILIES[ctx.entry.family]!;
    const head = family.heads[ctx.task.task]!;
    const spec = { ...imageSpec(ctx, 'cnn', false, 0), dynamicSize: true, inputChannels: family.inputChannels };
    const D = spec.hidden;
    const g = new GraphBuilder({ seed: ctx.seed, name: `${ctx.entry.family}-${ctx.task.task}` });
    let labels: Record<string, unknown> = {};
    if (head === 'super-resolution') {
      const pixels = g.input('pixel_values', 'float32', ['batch_size', 3, 'height', 'width']);
      g.output(superResolution(g, pixels, D), 'reconstruction', 'float32', ['batch_size', 3, 'upscaled_height', 'upscaled_width']);
    } else {
      const bb = imageBackbone(g, spec);
      labels = headOutputs(g, head, bb.featureMap, bb.pixels, D, spec.heads);
    }
    const config = {
      model_type: ctx.entry.family,
      architectures: [ctx.task.modelClass],
      image_size: spec.imageSize,
      num_channels: family.inputChannels ?? 3,
      hidden_size: D,
      num_hidden_layers: spec.layers,
      num_attention_heads: spec.heads,
      ...(head === 'super-resolution' ? { upscale: 2 } : {}),
      ...labels,
    };
    return realConfigFolder(
      { 'config.json': json(config), 'preprocessor_config.json': json(preprocessorFor(family, spec.imageSize)), 'onnx/model.onnx': g.graph() },
      ctx,
    );
  },
};

/** Writes the head's outputs; returns the config keys it needs (labels). */
function headOutputs(g: GraphBuilder, head: Exclude<DenseHead, 'super-resolution'>, map: string, pixels: string, D: number, heads: number): Record<string, unknown> {
  const full = ['batch_size', 'height', 'width'];
  const grid = ['batch_size', 'feature_height', 'feature_width'];
  switch (head) {
    case 'depth':
    case 'depth-fov': {
      g.output(depthHead(g, map, pixels, D), 'predicted_depth', 'float32', full);
      if (head === 'depth-fov') g.output(g.op1('Squeeze', [linear(g, g.op1('Flatten', [g.op1('GlobalAveragePool', [map])], { axis: 1 }), 'fov_head', D, 1), g.constInt64([1])]), 'field_of_view', 'float32', ['batch_size']);
      return {};
    }
    case 'normal':
      g.output(fullResolutionHead(g, map, pixels, D, 3, false), 'predicted_normal', 'float32', ['batch_size', 3, 'height', 'width']);
      return {};
    case 'mask':
      g.output(fullResolutionHead(g, map, pixels, D, 1, true), 'output', 'float32', ['batch_size', 1, 'height', 'width']);
      return {};
    case 'alphas':
      g.output(fullResolutionHead(g, map, pixels, D, 1, true), 'alphas', 'float32', ['batch_size', 1, 'height', 'width']);
      return {};
    case 'semantic':
      g.output(pointwise(g, map, D, DENSE_LABELS, 'classifier'), 'logits', 'float32', ['batch_size', DENSE_LABELS, grid[1]!, grid[2]!]);
      return labelMaps(DENSE_LABELS);
    case 'heatmaps':
      g.output(pointwise(g, map, D, KEYPOINTS, 'head'), 'heatmaps', 'float32', ['batch_size', KEYPOINTS, grid[1]!, grid[2]!]);
      return labelMaps(KEYPOINTS);
    case 'detect': {
      const queries = queryDecoder(g, map, D, heads, DENSE_QUERIES, 1);
      const { logits, boxes } = detectionOutputs(g, queries, D, DENSE_LABELS + 1);
      g.output(logits, 'logits', 'float32', ['batch_size', DENSE_QUERIES, DENSE_LABELS + 1]);
      g.output(boxes, 'pred_boxes', 'float32', ['batch_size', DENSE_QUERIES, 4]);
      return { ...labelMaps(DENSE_LABELS), num_queries: DENSE_QUERIES };
    }
    case 'detect-masks': {
      const queries = queryDecoder(g, map, D, heads, DENSE_QUERIES, 1);
      const { logits, boxes } = detectionOutputs(g, queries, D, DENSE_LABELS + 1);
      g.output(logits, 'logits', 'float32', ['batch_size', DENSE_QUERIES, DENSE_LABELS + 1]);
      g.output(boxes, 'pred_boxes', 'float32', ['batch_size', DENSE_QUERIES, 4]);
      g.output(queryMasks(g, queries, map, D, DENSE_QUERIES), 'pred_masks', 'float32', ['batch_size', DENSE_QUERIES, grid[1]!, grid[2]!]);
      return { ...labelMaps(DENSE_LABELS), num_queries: DENSE_QUERIES };
    }
    case 'maskformer': {
      const queries = queryDecoder(g, map, D, heads, DENSE_QUERIES, 1);
      g.output(linear(g, queries, 'class_predictor', D, DENSE_LABELS + 1), 'class_queries_logits', 'float32', ['batch_size', DENSE_QUERIES, DENSE_LABELS + 1]);
      g.output(queryMasks(g, queries, map, D, DENSE_QUERIES), 'masks_queries_logits', 'float32', ['batch_size', DENSE_QUERIES, grid[1]!, grid[2]!]);
      return { ...labelMaps(DENSE_LABELS), num_queries: DENSE_QUERIES };
    }
    case 'features':
      g.output(flattenToTokens(g, map, D), 'last_hidden_state', 'float32', ['batch_size', 'num_tokens', D]);
      return {};
  }
}

function preprocessorFor(family: DenseFamily, imageSize: number): Record<string, unknown> {
  const config = imagePreprocessorConfig({ processorType: family.processorType, style: family.style, imageSize, extra: family.extra });
  if (family.noResize) delete config.size;
  return config;
}
