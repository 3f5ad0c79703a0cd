/**
 * The tiny audio encoder behind the CTC, audio-classification and audio-feature contracts:
 * a strided conv feature encoder over the raw waveform (total stride 320, 50 frames/s as in
 * Wav2Vec2) or a linear projection of spectrogram frames, a conv positional embedding, then
 * pre-norm transformer layers. Padding: waveform samples are zeroed by `attention_mask`;
 * spectrogram frames are masked out of attention.
 */
import { activation, conv1d, layerNorm, linear, paddingMaskBias } from '../onnx/blocks.js';
import type { GraphBuilder } from '../onnx/graph-builder.js';
import { encoderLayer } from '../onnx/vision-blocks.js';
import type { AudioFamily } from './audio-families.js';

export interface AudioEncoderSpec {
  hidden: number;
  layers: number;
  heads: number;
  intermediate: number;
}

/** Feature-encoder convs (kernel, stride): total stride 320 samples per frame. */
const WAVEFORM_CONVS: readonly [number, number][] = [[10, 5], [4, 4], [4, 4], [4, 4]];

/** Declares the family's inputs and builds the encoder; returns `[batch, frames, hidden]`. */
export function audioEncoder(g: GraphBuilder, family: AudioFamily, spec: AudioEncoderSpec, prefix = 'encoder'): string {
  const D = spec.hidden;
  const masks: string[] = [];
  let x: string;
  if (family.input === 'spectrogram') {
    const features = g.input(family.inputName, 'float32', ['batch_size', 'num_frames', family.featureSize]);
    if (family.masked) masks.push(paddingMaskBias(g, g.input('attention_mask', 'int64', ['batch_size', 'num_frames'])));
    x = linear(g, features, `${prefix}.feature_projection`, family.featureSize, D);
  } else {
    let wave: string;
    if (family.input === 'waveform') {
      const values = g.input(family.inputName, 'float32', ['batch_size', 'sequence_length']);
      const mask = family.masked ? g.input('attention_mask', 'int64', ['batch_size', 'sequence_length']) : undefined;
      const kept = mask ? g.op1('Mul', [values, g.op1('Cast', [mask], { to: 1 })]) : values;
      wave = g.op1('Unsqueeze', [kept, g.constInt64([1])]);
    } else {
      wave = g.input(family.inputName, 'float32', ['batch_size', 1, 'sequence_length']);
    }
    let channels = 1;
    WAVEFORM_CONVS.forEach(([kernel, stride], i) => {
      wave = activation(g, conv1d(g, wave, `${prefix}.conv${i}`, { inChannels: channels, outChannels: D, kernel, stride }), 'gelu');
      channels = D;
    });
    x = g.op1('Transpose', [wave], { perm: [0, 2, 1] });
    x = linear(g, layerNorm(g, x, `${prefix}.feature_norm`, D), `${prefix}.feature_projection`, D, D);
  }
  const asChannels = g.op1('Transpose', [x], { perm: [0, 2, 1] });
  const positional = conv1d(g, asChannels, `${prefix}.pos_conv`, { inChannels: D, outChannels: D, kernel: 3, pad: 1, group: spec.heads });
  x = g.op1('Add', [x, g.op1('Transpose', [activation(g, positional, 'gelu')], { perm: [0, 2, 1] })]);
  for (let i = 0; i < spec.layers; i++) x = encoderLayer(g, x, D, spec.heads, spec.intermediate, `${prefix}.layer${i}`, masks);
  return layerNorm(g, x, `${prefix}.ln_final`, D);
}
