/**
 * Segment Anything graphs, in the two sessions transformers.js loads: `vision_encoder`
 * (`pixel_values` → image embeddings) and `prompt_encoder_mask_decoder` (embeddings + prompt
 * points / labels / boxes → `iou_scores [b, point_batch, 3]`, `pred_masks [b, point_batch, 3, 4g, 4g]`).
 * SAM: one embedding level plus `image_positional_embeddings`; SAM2 (EdgeTAM, SAM3 tracker):
 * `image_embeddings.0..2` at three scales, boxes always present (possibly empty), and
 * `object_score_logits`.
 */
import { linear } from '../onnx/blocks.js';
import { GraphBuilder } from '../onnx/graph-builder.js';
import type { ForgeGraph } from '../onnx/forge-graph.js';
import { imageBackbone } from './image-backbone.js';
import { batchDim } from '../onnx/vision-blocks.js';
import { pointwise, resizeBy } from './dense-heads.js';

export interface SamSpec {
  imageSize: number;
  hidden: number;
  heads: number;
  layers: number;
  intermediate: number;
  /** SAM2-style multi-level embeddings. */
  multiLevel: boolean;
}

/** Embedding grid side (the backbone's stride is 8). */
export const samGrid = (spec: SamSpec) => spec.imageSize / 8;
/** Masks are predicted at 4× the embedding grid, as SAM's low-resolution masks are. */
export const MASK_UPSCALE = 4;
export const MASKS_PER_PROMPT = 3;

export function samVisionEncoder(spec: SamSpec, seed: number): ForgeGraph {
  const g = new GraphBuilder({ seed, name: 'sam-vision-encoder' });
  const D = spec.hidden;
  const grid = samGrid(spec);
  const bb = imageBackbone(g, { kind: 'vit', imageSize: spec.imageSize, patchSize: 8, hidden: D, layers: spec.layers, heads: spec.heads, intermediate: spec.intermediate, classToken: false, registerTokens: 0 }, 'vision');
  const embeddings = pointwise(g, bb.featureMap, D, D, 'neck');
  if (!spec.multiLevel) {
    g.output(embeddings, 'image_embeddings', 'float32', ['batch_size', D, grid, grid]);
    const table = g.weight('positional_embedding', [1, D, grid, grid], { std: 0.5 });
    const shape = g.op1('Concat', [batchDim(g, bb.pixels), g.constInt64([D, grid, grid])], { axis: 0 });
    g.output(g.op1('Expand', [table, shape]), 'image_positional_embeddings', 'float32', ['batch_size', D, grid, grid]);
  } else {
    for (const level of [0, 1]) {
      const scale = 2 ** (2 - level);
      const channels = D / scale;
      const up = resizeBy(g, embeddings, scale, 'nearest');
      g.output(pointwise(g, up, D, channels, `fpn.${level}`), `image_embeddings.${level}`, 'float32', ['batch_size', channels, grid * scale, grid * scale]);
    }
    g.output(embeddings, 'image_embeddings.2', 'float32', ['batch_size', D, grid, grid]);
  }
  return g.graph();
}

export function samMaskDecoder(spec: SamSpec, seed: number): ForgeGraph {
  const g = new GraphBuilder({ seed, name: 'sam-prompt-encoder-mask-decoder' });
  const D = spec.hidden;
  const grid = samGrid(spec);
  const name = spec.multiLevel ? 'image_embeddings.2' : 'image_embeddings';
  let image = g.input(name, 'float32', ['batch_size', D, grid, grid]);
  const extras: string[] = [];
  if (spec.multiLevel) {
    for (const level of [0, 1]) {
      const scale = 2 ** (2 - level);
      const levelMap = g.input(`image_embeddings.${level}`, 'float32', ['batch_size', D / scale, grid * scale, grid * scale]);
      extras.push(linear(g, g.op1('Flatten', [g.op1('GlobalAveragePool', [levelMap])], { axis: 1 }), `level${level}_pool`, D / scale, D));
    }
  } else {
    image = g.op1('Add', [image, g.input('image_positional_embeddings', 'float32', ['batch_size', D, grid, grid])]);
  }
  const points = g.input('input_points', 'float32', ['batch_size', 'point_batch_size', 'num_points', 2]);
  const labels = g.input('input_labels', 'int64', ['batch_size', 'point_batch_size', 'num_points']);
  // Prompt tokens: normalised coordinates → D, plus a learned vector scaled by the label (1 fg, 0 bg, -1 pad).
  const coords = linear(g, g.op1('Div', [points, g.constFloat(spec.imageSize, [])]), 'prompt.point', 2, D);
  const labelF = g.op1('Unsqueeze', [g.op1('Cast', [labels], { to: 1 }), g.constInt64([-1])]);
  const tokens = g.op1('Add', [coords, g.op1('Mul', [labelF, g.weight('prompt.label', [D], { std: 0.5 })])]);
  let query = g.op1('ReduceSum', [tokens, g.constInt64([2])], { keepdims: 0 });
  if (spec.multiLevel) {
    const boxes = g.input('input_boxes', 'float32', ['batch_size', 'num_boxes', 4]);
    const boxTokens = linear(g, g.op1('Div', [boxes, g.constFloat(spec.imageSize, [])]), 'prompt.box', 4, D);
    query = g.op1('Add', [query, g.op1('ReduceSum', [boxTokens, g.constInt64([1])], { keepdims: 1 })]);
    for (const e of extras) query = g.op1('Add', [query, g.op1('Unsqueeze', [e, g.constInt64([1])])]);
  }
  query = g.op1('Add', [query, g.weight('mask_tokens', [D], { std: 0.5 })]);
  const perMask = g.op1('Reshape', [linear(g, query, 'hypernetwork', D, MASKS_PER_PROMPT * D), g.constInt64([0, 0, MASKS_PER_PROMPT, D])]);
  const pixels = g.op1('Unsqueeze', [g.op1('Reshape', [image, g.constInt64([0, D, grid * grid])]), g.constInt64([1])]);
  const flat = g.op1('Mul', [g.op1('MatMul', [perMask, pixels]), g.constFloat(1 / Math.sqrt(D), [])]);
  const lowRes = g.op1('Reshape', [flat, g.constInt64([0, 0, MASKS_PER_PROMPT, grid, grid])]);
  const maskSide = grid * MASK_UPSCALE;
  const collapsed = g.op1('Reshape', [lowRes, g.constInt64([-1, MASKS_PER_PROMPT, grid, grid])]);
  const up = resizeBy(g, collapsed, MASK_UPSCALE, 'linear');
  const lead = g.op1('Slice', [g.op1('Shape', [lowRes]), g.constInt64([0]), g.constInt64([2])]);
  const masks = g.op1('Reshape', [up, g.op1('Concat', [lead, g.constInt64([MASKS_PER_PROMPT, maskSide, maskSide])], { axis: 0 })]);
  g.output(g.op1('Sigmoid', [linear(g, query, 'iou_head', D, MASKS_PER_PROMPT)]), 'iou_scores', 'float32', ['batch_size', 'point_batch_size', MASKS_PER_PROMPT]);
  g.output(masks, 'pred_masks', 'float32', ['batch_size', 'point_batch_size', MASKS_PER_PROMPT, maskSide, maskSide]);
  if (spec.multiLevel) g.output(linear(g, query, 'object_score_head', D, 1), 'object_score_logits', 'float32', ['batch_size', 'point_batch_size', 1]);
  return g.graph();
}
