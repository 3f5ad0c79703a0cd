/**
 * Towers of CLIP-style dual encoders: a text tower (token + position embeddings, masked
 * transformer layers, first-token pool, projection), an image tower (the ViT backbone +
 * projection) and an audio tower (log-mel frames → transformer → projection), plus the
 * similarity head `scale · a·bᵀ (+ bias)` over L2-normalised embeddings.
 */
import { embedding, layerNorm, linear, paddingMaskBias } from '../onnx/blocks.js';
import type { GraphBuilder } from '../onnx/graph-builder.js';
import { imageBackboneOn, type ImageBackboneSpec } from '../vision/image-backbone.js';
import { encoderLayer, l2Normalize, meanTokens, takeToken } from '../onnx/vision-blocks.js';

export interface TowerSpec {
  hidden: number;
  layers: number;
  heads: number;
  intermediate: number;
  /** Width of the shared embedding space. */
  projection: number;
}

/** Declares `input_ids` (+ `attention_mask`) and returns the projected text embedding `[text_batch, projection]`, hidden state and the ids input. */
export function textTower(g: GraphBuilder, spec: TowerSpec, vocab: number, maxPositions: number, withMask = true): { embeds: string; hidden: string; ids: string } {
  const ids = g.input('input_ids', 'int64', ['text_batch_size', 'sequence_length']);
  const mask = withMask ? g.input('attention_mask', 'int64', ['text_batch_size', 'sequence_length']) : undefined;
  const length = g.op1('Gather', [g.op1('Shape', [ids]), g.constInt64(1, [])], { axis: 0 });
  const positions = g.op1('Unsqueeze', [g.op1('Range', [g.constInt64(0, []), length, g.constInt64(1, [])]), g.constInt64([0])]);
  let x = g.op1('Add', [embedding(g, ids, 'text.token_embedding', vocab, spec.hidden), embedding(g, positions, 'text.position_embedding', maxPositions, spec.hidden)]);
  const masks = mask ? [paddingMaskBias(g, mask)] : [];
  for (let i = 0; i < spec.layers; i++) x = encoderLayer(g, x, spec.hidden, spec.heads, spec.intermediate, `text.layers.${i}`, masks);
  const hidden = layerNorm(g, x, 'text.final_layer_norm', spec.hidden);
  return { embeds: linear(g, takeToken(g, hidden, 0), 'text_projection', spec.hidden, spec.projection, false), hidden, ids };
}

/** Declares `pixel_values` and returns the projected image embedding `[batch, projection]` and hidden state. */
export function imageTower(g: GraphBuilder, spec: TowerSpec, imageSize: number, patchSize = 8): { embeds: string; hidden: string; hiddenDims: (string | number)[] } {
  const pixels = g.input('pixel_values', 'float32', ['batch_size', 3, imageSize, imageSize]);
  const backbone: ImageBackboneSpec = { kind: 'vit', imageSize, patchSize, hidden: spec.hidden, layers: spec.layers, heads: spec.heads, intermediate: spec.intermediate, classToken: true, registerTokens: 0 };
  const bb = imageBackboneOn(g, pixels, backbone, 'vision');
  return { embeds: linear(g, bb.pooled, 'visual_projection', spec.hidden, spec.projection, false), hidden: bb.hiddenState, hiddenDims: bb.hiddenDims };
}

/** Declares `input_features [batch, 1, frames, mel]` and returns the projected audio embedding `[batch, projection]`. */
export function audioTower(g: GraphBuilder, spec: TowerSpec, melBins: number): string {
  const features = g.input('input_features', 'float32', ['batch_size', 1, 'num_frames', melBins]);
  let x = linear(g, g.op1('Squeeze', [features, g.constInt64([1])]), 'audio.patch_embed', melBins, spec.hidden);
  for (let i = 0; i < spec.layers; i++) x = encoderLayer(g, x, spec.hidden, spec.heads, spec.intermediate, `audio.layers.${i}`);
  return linear(g, meanTokens(g, layerNorm(g, x, 'audio.final_layer_norm', spec.hidden)), 'audio_projection', spec.hidden, spec.projection, false);
}

/** `[a, b]` similarities of normalised embeddings: `scale · a·bᵀ + bias`; also returns the normalised inputs. */
export function similarity(g: GraphBuilder, a: string, b: string, scale: number, bias = 0): { logits: string; aNorm: string; bNorm: string } {
  const aNorm = l2Normalize(g, a);
  const bNorm = l2Normalize(g, b);
  let logits = g.op1('Mul', [g.op1('MatMul', [aNorm, g.op1('Transpose', [bNorm], { perm: [1, 0] })]), g.constFloat(scale, [])]);
  if (bias !== 0) logits = g.op1('Add', [logits, g.constFloat(bias, [])]);
  return { logits, aNorm, bNorm };
}
