/**
 * The tiny image backbones behind every vision contract: a ViT (patch conv, class/register
 * tokens, positions, transformer layers) or a CNN (strided conv stages). Both read
 * `pixel_values [batch_size, 3, H, W]` and give a hidden state and a pooled vector.
 */
import type { GraphBuilder } from '../onnx/graph-builder.js';
import { conv2d, layerNorm } from '../onnx/blocks.js';
import { addPositions, encoderLayer, flattenToTokens, globalPool, meanTokens, prependTokens, takeToken } from '../onnx/vision-blocks.js';

/** Dimensions of a forged image backbone. */
export interface ImageBackboneSpec {
  /** `vit`: patch embedding + transformer; `cnn`: strided convolutions. */
  kind: 'vit' | 'cnn';
  imageSize: number;
  /** ViT: side of a square patch. CNN: total stride (a power of two). */
  patchSize: number;
  hidden: number;
  layers: number;
  heads: number;
  intermediate: number;
  /** ViT: class token in front (pooled output is that token); without it the pool is a mean. */
  classToken: boolean;
  /** ViT: extra register tokens after the class token (DINOv2 with registers). */
  registerTokens: number;
  /** Channels of `pixel_values` (default 3; 4 for image + trimap). */
  inputChannels?: number;
  /** CNN only: symbolic `height`/`width` instead of `imageSize` (processors that keep aspect ratio or pad). */
  dynamicSize?: boolean;
}

/** What a backbone hands to heads. */
export interface ImageBackbone {
  /** ViT: `[batch, seq, hidden]`; CNN: `[batch, hidden, h, w]`. */
  hiddenState: string;
  /** Dims of `hiddenState` with `batch_size` symbolic. */
  hiddenDims: (number | string)[];
  /** `[batch, hidden]`. */
  pooled: string;
  /** Spatial feature map `[batch, hidden, h, w]` (both kinds), for dense heads. */
  featureMap: string;
  /** Side of the feature map (of `imageSize` input when the size is dynamic). */
  gridSize: number;
  /** The `pixel_values` input. */
  pixels: string;
}

/** Declares `pixel_values` and builds the backbone. */
export function imageBackbone(g: GraphBuilder, spec: ImageBackboneSpec, prefix = 'backbone'): ImageBackbone {
  if (spec.dynamicSize && spec.kind !== 'cnn') throw new Error('forge: a dynamic image size needs the cnn backbone (ViT positions are fixed)');
  const side = (name: string) => (spec.dynamicSize ? name : spec.imageSize);
  const pixels = g.input('pixel_values', 'float32', ['batch_size', spec.inputChannels ?? 3, side('height'), side('width')]);
  return spec.kind === 'vit' ? vit(g, pixels, spec, prefix) : cnn(g, pixels, spec, prefix);
}

/** Builds the backbone on an existing pixel tensor (for models with several inputs). */
export function imageBackboneOn(g: GraphBuilder, pixels: string, spec: ImageBackboneSpec, prefix: string): ImageBackbone {
  return spec.kind === 'vit' ? vit(g, pixels, spec, prefix) : cnn(g, pixels, spec, prefix);
}

function vit(g: GraphBuilder, pixels: string, spec: ImageBackboneSpec, prefix: string): ImageBackbone {
  const grid = Math.floor(spec.imageSize / spec.patchSize);
  const D = spec.hidden;
  const patches = conv2d(g, pixels, `${prefix}.patch_embed`, { inChannels: spec.inputChannels ?? 3, outChannels: D, kernel: spec.patchSize, stride: spec.patchSize });
  let x = flattenToTokens(g, patches, D, grid * grid);
  const extra = (spec.classToken ? 1 : 0) + spec.registerTokens;
  if (extra > 0) x = prependTokens(g, x, D, extra, `${prefix}.cls`);
  const seq = grid * grid + extra;
  x = addPositions(g, x, seq, D, prefix);
  for (let i = 0; i < spec.layers; i++) x = encoderLayer(g, x, D, spec.heads, spec.intermediate, `${prefix}.layer${i}`);
  x = layerNorm(g, x, `${prefix}.ln_final`, D);
  const pooled = spec.classToken ? takeToken(g, x, 0) : meanTokens(g, x);
  const patchTokens = extra > 0 ? g.op1('Slice', [x, g.constInt64([extra]), g.constInt64([seq]), g.constInt64([1])]) : x;
  const featureMap = g.op1('Reshape', [g.op1('Transpose', [patchTokens], { perm: [0, 2, 1] }), g.constInt64([0, D, grid, grid])]);
  return { hiddenState: x, hiddenDims: ['batch_size', seq, D], pooled, featureMap, gridSize: grid, pixels };
}

function cnn(g: GraphBuilder, pixels: string, spec: ImageBackboneSpec, prefix: string): ImageBackbone {
  const stages = Math.max(1, Math.round(Math.log2(spec.patchSize)));
  let x = pixels;
  let channels = spec.inputChannels ?? 3;
  for (let i = 0; i < stages; i++) {
    const out = i === stages - 1 ? spec.hidden : Math.max(8, spec.hidden / 2);
    x = g.op1('Relu', [conv2d(g, x, `${prefix}.stage${i}`, { inChannels: channels, outChannels: out, kernel: 3, stride: 2, pad: 1 })]);
    channels = out;
  }
  for (let i = 0; i < spec.layers; i++) {
    const inner = g.op1('Relu', [conv2d(g, x, `${prefix}.block${i}.conv1`, { inChannels: channels, outChannels: channels, kernel: 3, pad: 1 })]);
    x = g.op1('Add', [x, conv2d(g, inner, `${prefix}.block${i}.conv2`, { inChannels: channels, outChannels: channels, kernel: 3, pad: 1 })]);
  }
  let grid = spec.imageSize;
  for (let i = 0; i < stages; i++) grid = Math.ceil(grid / 2);
  const side = spec.dynamicSize ? ['feature_height', 'feature_width'] : [grid, grid];
  return { hiddenState: x, hiddenDims: ['batch_size', spec.hidden, ...side], pooled: globalPool(g, x), featureMap: x, gridSize: grid, pixels };
}
