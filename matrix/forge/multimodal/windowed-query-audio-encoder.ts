/**
 * The `audio_encoder` session of Granite Speech: input_features [batch_size, frames, 2·mel_bins]
 * (pairs of log-mel frames, as GraniteSpeechFeatureExtractor stacks them) → linear input layer →
 * one pre-norm encoder layer → right-pad the frames to whole windows of `window` → in each window
 * `window / downsample` learned queries attend over its frames (Granite's windowed Q-Former
 * projector) → linear into the text hidden size → audio_features
 * [batch_size, ⌈frames / window⌉ · window / downsample, textHidden], the count the processor writes.
 */
import { layerNorm, linear } from '../onnx/blocks.js';
import type { ForgeGraph } from '../onnx/forge-graph.js';
import { GraphBuilder } from '../onnx/graph-builder.js';
import { encoderLayer } from '../onnx/vision-blocks.js';

export interface WindowedQueryAudioSpec {
  seed: number;
  name: string;
  /** Width of one input row (2 · mel bins). */
  featureSize: number;
  audioHidden: number;
  textHidden: number;
  window: number;
  downsample: number;
}

export function windowedQueryAudioEncoder(spec: WindowedQueryAudioSpec): ForgeGraph {
  const { featureSize, audioHidden: d, window, downsample } = spec;
  const queries = window / downsample;
  const g = new GraphBuilder({ seed: spec.seed, name: `${spec.name}-audio_encoder` });
  const features = g.input('input_features', 'float32', ['batch_size', 'frames', featureSize]);
  let x = linear(g, features, 'encoder.input_linear', featureSize, d);
  x = layerNorm(g, encoderLayer(g, x, d, 2, d * 2, 'encoder.layers.0'), 'encoder.norm', d);
  // Pad frames to n·window (n = ⌈T/window⌉) and fold windows into the batch: [b·n, window, d].
  const t = g.op1('Slice', [g.op1('Shape', [x]), g.constInt64([1]), g.constInt64([2])]);
  const n = g.op1('Div', [g.op1('Add', [t, g.constInt64([window - 1])]), g.constInt64([window])]);
  const padRight = g.op1('Sub', [g.op1('Mul', [n, g.constInt64([window])]), t]);
  const pads = g.op1('Concat', [g.constInt64([0, 0, 0, 0]), padRight, g.constInt64([0])], { axis: 0 });
  const windows = g.op1('Reshape', [g.op1('Pad', [x, pads]), g.constInt64([-1, window, d])]);
  // Learned queries attend within each window: [b·n, queries, d].
  const q = g.op1('Expand', [
    g.weight('projector.query', [1, queries, d], { std: 0.5 }),
    g.op1('Concat', [g.op1('Slice', [g.op1('Shape', [windows]), g.constInt64([0]), g.constInt64([1])]), g.constInt64([queries, d])], { axis: 0 }),
  ]);
  const k = linear(g, windows, 'projector.key', d, d);
  const v = linear(g, windows, 'projector.value', d, d);
  const scores = g.op1('Mul', [g.op1('MatMul', [q, g.op1('Transpose', [k], { perm: [0, 2, 1] })]), g.constFloat(1 / Math.sqrt(d), [])]);
  const pooled = g.op1('MatMul', [g.op1('Softmax', [scores], { axis: -1 }), v]);
  const merged = g.op1('Reshape', [pooled, g.op1('Concat', [g.op1('Slice', [g.op1('Shape', [features]), g.constInt64([0]), g.constInt64([1])]), g.constInt64([-1, d])], { axis: 0 })]);
  const out = linear(g, merged, 'projector.linear', d, spec.textHidden);
  g.output(out, 'audio_features', 'float32', ['batch_size', 'audio_tokens', spec.textHidden]);
  return g.graph();
}
