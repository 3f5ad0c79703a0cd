/**
 * Task heads on an image backbone's feature map `[batch, hidden, h, w]`: depth and masks resized
 * back to the input size, per-pixel class logits, keypoint heatmaps, DETR-style query decoders
 * (class logits + boxes, or class logits + mask logits), and a ×2 super-resolution branch.
 */
import { attention, conv2d, layerNorm, linear, mlp } from '../onnx/blocks.js';
import type { GraphBuilder } from '../onnx/graph-builder.js';
import { batchDim, flattenToTokens, learnedTokens } from '../onnx/vision-blocks.js';

/** `[batch, c, h, w]` resized (bilinear) to the spatial size of `like`. */
export function resizeLike(g: GraphBuilder, x: string, like: string): string {
  const shape = g.op1('Shape', [like]);
  const spatial = g.op1('Slice', [shape, g.constInt64([2]), g.constInt64([4])]);
  const lead = g.op1('Slice', [g.op1('Shape', [x]), g.constInt64([0]), g.constInt64([2])]);
  const sizes = g.op1('Concat', [lead, spatial], { axis: 0 });
  return g.op1('Resize', [x, '', '', sizes], { mode: 'linear' });
}

/**
 * `[batch, c, h, w]` scaled by an integer `factor` in h and w. Uses Resize `sizes` (int64), not
 * float `scales`, so the fp16 variant (which halves float constants) stays valid.
 */
export function resizeBy(g: GraphBuilder, x: string, factor: number, mode: 'linear' | 'nearest'): string {
  const sizes = g.op1('Mul', [g.op1('Shape', [x]), g.constInt64([1, 1, factor, factor])]);
  return g.op1('Resize', [x, '', '', sizes], { mode });
}

/** A 1×1 convolution: `[batch, cin, h, w]` → `[batch, cout, h, w]`. */
export function pointwise(g: GraphBuilder, x: string, cin: number, cout: number, prefix: string): string {
  return conv2d(g, x, prefix, { inChannels: cin, outChannels: cout, kernel: 1 });
}

/** Maximum depth of the forged heads (GLPN-style `sigmoid · max_depth`, never all zero as a ReLU head can be). */
export const MAX_DEPTH = 10;

/** Depth `[batch, H, W]` at the input's size, in (0, MAX_DEPTH). */
export function depthHead(g: GraphBuilder, featureMap: string, pixels: string, hidden: number): string {
  const inner = g.op1('Relu', [conv2d(g, featureMap, 'head.conv', { inChannels: hidden, outChannels: hidden, kernel: 3, pad: 1 })]);
  const depth = g.op1('Mul', [g.op1('Sigmoid', [resizeLike(g, pointwise(g, inner, hidden, 1, 'head.depth'), pixels)]), g.constFloat(MAX_DEPTH, [])]);
  return g.op1('Squeeze', [depth, g.constInt64([1])]);
}

/** `channels` maps `[batch, channels, H, W]` at the input's size, squashed by a sigmoid when `sigmoid`. */
export function fullResolutionHead(g: GraphBuilder, featureMap: string, pixels: string, hidden: number, channels: number, sigmoid: boolean): string {
  const maps = resizeLike(g, pointwise(g, featureMap, hidden, channels, 'head.out'), pixels);
  return sigmoid ? g.op1('Sigmoid', [maps]) : maps;
}

/** Learned queries that cross-attend to the feature map: `[batch, queries, hidden]`. */
export function queryDecoder(g: GraphBuilder, featureMap: string, hidden: number, heads: number, queries: number, layers: number): string {
  const memory = flattenToTokens(g, featureMap, hidden);
  let q = learnedTokens(g, memory, hidden, queries, 'decoder.query');
  for (let i = 0; i < layers; i++) {
    const p = `decoder.layers.${i}`;
    const self = attention(g, layerNorm(g, q, `${p}.ln1`, hidden), `${p}.self_attn`, { hidden, heads, maskBiases: [] });
    q = g.op1('Add', [q, self.out]);
    const cross = attention(g, layerNorm(g, q, `${p}.ln2`, hidden), `${p}.cross_attn`, { hidden, heads, maskBiases: [], keyValueSource: memory });
    q = g.op1('Add', [q, cross.out]);
    q = g.op1('Add', [q, mlp(g, layerNorm(g, q, `${p}.ln3`, hidden), `${p}.mlp`, { hidden, intermediate: hidden * 2, activation: 'relu' })]);
  }
  return layerNorm(g, q, 'decoder.ln_final', hidden);
}

/** DETR outputs from decoded queries: class logits `[b,q,classes]` and boxes `[b,q,4]` (cx, cy, w, h in 0..1). */
export function detectionOutputs(g: GraphBuilder, queries: string, hidden: number, classes: number): { logits: string; boxes: string } {
  const logits = linear(g, queries, 'class_embed', hidden, classes);
  const boxes = g.op1('Sigmoid', [linear(g, g.op1('Relu', [linear(g, queries, 'bbox_embed.0', hidden, hidden)]), 'bbox_embed.1', hidden, 4)]);
  return { logits, boxes };
}

/** MaskFormer mask logits `[batch, queries, h, w]`: each query's embedding dotted with every pixel feature. */
export function queryMasks(g: GraphBuilder, queries: string, featureMap: string, hidden: number, count: number): string {
  const embed = linear(g, queries, 'mask_embed', hidden, hidden);
  const pixels = g.op1('Reshape', [featureMap, g.constInt64([0, hidden, -1])]);
  const flat = g.op1('MatMul', [embed, pixels]);
  const spatial = g.op1('Slice', [g.op1('Shape', [featureMap]), g.constInt64([2]), g.constInt64([4])]);
  const shape = g.op1('Concat', [batchDim(g, featureMap), g.constInt64([count]), spatial], { axis: 0 });
  return g.op1('Reshape', [flat, shape]);
}

/** ×2 super-resolution of `pixels [batch, 3, H, W]`: conv features + pixel shuffle, plus the bilinear upscale. */
export function superResolution(g: GraphBuilder, pixels: string, hidden: number): string {
  const features = g.op1('Relu', [conv2d(g, pixels, 'conv_first', { inChannels: 3, outChannels: hidden, kernel: 3, pad: 1 })]);
  const shuffled = g.op1('DepthToSpace', [conv2d(g, features, 'upsample', { inChannels: hidden, outChannels: 12, kernel: 3, pad: 1 })], { blocksize: 2, mode: 'CRD' });
  const upscaled = resizeBy(g, pixels, 2, 'linear');
  return g.op1('Add', [upscaled, g.op1('Mul', [shuffled, g.constFloat(0.1, [])])]);
}
