/**
 * PatchTST / PatchTSMixer (time-series forecasting and the bare model): past_values
 * [batch_size, context_length, channels] → patches per channel → linear patch embedding +
 * learned positions → one mixing layer (self-attention for PatchTST, patch-mixing MLP for
 * PatchTSMixer) → `last_hidden_state [batch_size, channels, patches, d_model]`; the prediction
 * head flattens each channel's patches into `prediction_outputs [batch_size, prediction_length, channels]`.
 */
import type { ForgedFolder } from '../contracts/forged-folder.js';
import { activation, layerNorm, linear, mlp } from '../onnx/blocks.js';
import { GraphBuilder } from '../onnx/graph-builder.js';
import { json } from '../tokenizers/tokenizer-files.js';
import { encoderLayer } from '../onnx/vision-blocks.js';

export const TIME_SERIES = Object.freeze({ contextLength: 32, patchLength: 8, channels: 2, predictionLength: 8, dModel: 16 });

export function timeSeriesFolder(o: { seed: number; name: string; modelType: 'patchtst' | 'patchtsmixer'; architecture: string; predict: boolean }): ForgedFolder {
  const { contextLength, patchLength, channels, predictionLength, dModel } = TIME_SERIES;
  const patches = contextLength / patchLength;
  const g = new GraphBuilder({ seed: o.seed, name: o.name });
  const past = g.input('past_values', 'float32', ['batch_size', contextLength, channels]);
  // [b,L,C] → [b,C,P,patch] → [b·C,P,d]
  const perChannel = g.op1('Transpose', [past], { perm: [0, 2, 1] });
  const patched = g.op1('Reshape', [perChannel, g.constInt64([-1, patches, patchLength])]);
  let x = linear(g, patched, 'encoder.patch_embedding', patchLength, dModel);
  x = g.op1('Add', [x, g.weight('encoder.position_embeddings', [1, patches, dModel], { std: 0.5 })]);
  if (o.modelType === 'patchtst') {
    x = encoderLayer(g, x, dModel, 2, dModel * 2, 'encoder.layers.0');
  } else {
    const mixed = mlp(g, layerNorm(g, g.op1('Transpose', [x], { perm: [0, 2, 1] }), 'mixer.patch_norm', patches), 'mixer.patch_mlp', { hidden: patches, intermediate: patches * 2, activation: 'gelu' });
    x = g.op1('Add', [x, g.op1('Transpose', [mixed], { perm: [0, 2, 1] })]);
    x = g.op1('Add', [x, mlp(g, layerNorm(g, x, 'mixer.feature_norm', dModel), 'mixer.feature_mlp', { hidden: dModel, intermediate: dModel * 2, activation: 'gelu' })]);
  }
  const batch = g.op1('Slice', [g.op1('Shape', [past]), g.constInt64([0]), g.constInt64([1])]);
  if (o.predict) {
    const flat = g.op1('Reshape', [x, g.op1('Concat', [batch, g.constInt64([channels, patches * dModel])], { axis: 0 })]);
    const forecast = linear(g, activation(g, flat, 'gelu'), 'head.projection', patches * dModel, predictionLength);
    g.output(g.op1('Transpose', [forecast], { perm: [0, 2, 1] }), 'prediction_outputs', 'float32', ['batch_size', predictionLength, channels]);
  } else {
    const hidden = g.op1('Reshape', [x, g.op1('Concat', [batch, g.constInt64([channels, patches, dModel])], { axis: 0 })]);
    g.output(hidden, 'last_hidden_state', 'float32', ['batch_size', channels, patches, dModel]);
  }
  const config = {
    model_type: o.modelType,
    architectures: [o.architecture],
    context_length: contextLength,
    patch_length: patchLength,
    patch_stride: patchLength,
    num_input_channels: channels,
    prediction_length: predictionLength,
    d_model: dModel,
    num_hidden_layers: 1,
    num_layers: 1,
    num_attention_heads: 2,
  };
  return { 'config.json': json(config), 'onnx/model.onnx': g.graph() };
}
