/**
 * SpeechT5's HiFi-GAN vocoder (`SpeechT5HifiGan`, main input `spectrogram`): spectrogram
 * [sequence_length, mel_bins] (no batch axis, as SpeechT5 hands it over) → conv, LeakyReLU,
 * transposed-conv upsampling ×4, conv, tanh → `waveform [samples]` (4 samples per frame).
 */
import type { ForgedFolder } from '../contracts/forged-folder.js';
import { conv1d } from '../onnx/blocks.js';
import { GraphBuilder } from '../onnx/graph-builder.js';
import { json } from '../tokenizers/tokenizer-files.js';

export const HIFIGAN = Object.freeze({ melBins: 16, channels: 16, upsample: 4 });

/** The vocoder graph (also used inside the SpeechT5 text-to-speech folder). */
export function hifiganGraph(seed: number, name: string) {
  const { melBins, channels, upsample } = HIFIGAN;
  const g = new GraphBuilder({ seed, name });
  const spec = g.input('spectrogram', 'float32', ['sequence_length', melBins]);
  const map = g.op1('Unsqueeze', [g.op1('Transpose', [spec], { perm: [1, 0] }), g.constInt64([0])]);
  let x = g.op1('LeakyRelu', [conv1d(g, map, 'conv_pre', { inChannels: melBins, outChannels: channels, kernel: 3, pad: 1 })], { alpha: 0.1 });
  const w = g.weight('upsampler.0.weight', [channels, channels / 2, upsample], { std: 1 / Math.sqrt(channels) });
  x = g.op1('ConvTranspose', [x, w, g.weight('upsampler.0.bias', [channels / 2], { std: 0.02 })], { kernel_shape: [upsample], strides: [upsample] });
  x = g.op1('LeakyRelu', [x], { alpha: 0.1 });
  x = g.op1('Tanh', [conv1d(g, x, 'conv_post', { inChannels: channels / 2, outChannels: 1, kernel: 3, pad: 1 })]);
  g.output(g.op1('Reshape', [x, g.constInt64([-1])]), 'waveform', 'float32', ['num_samples']);
  return g.graph();
}

export function hifiganFolder(o: { seed: number; name: string; architecture: string }): ForgedFolder {
  const config = { model_type: 'hifigan', architectures: [o.architecture], model_in_dim: HIFIGAN.melBins, upsample_initial_channel: HIFIGAN.channels, upsample_rates: [HIFIGAN.upsample], sampling_rate: 16000 };
  return { 'config.json': json(config), 'onnx/model.onnx': hifiganGraph(o.seed, o.name) };
}
