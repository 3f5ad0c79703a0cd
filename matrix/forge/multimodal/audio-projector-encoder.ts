/**
 * The `audio_encoder` session of an audio-text-to-text model: audio_values (log-mel
 * [batch_size, mel_bins, frames]) → audio_features [batch_size, tokens, textHidden], in one of two
 * layouts matching what the family's processor counts:
 * - `stack` (Ultravox): conv stride 2 (frames/2 encoder frames), right-pad to 8·(1 + ⌈frames/16⌉)
 *   and stack 8 frames per token → 1 + ⌈encoder_frames / 8⌉ tokens;
 * - `queries` (Voxtral): a fixed number of learned queries attend over the frames → `tokens` tokens
 *   per chunk, whatever the chunk length.
 * Both end in a GELU projector into the text hidden size.
 */
import { activation, conv1d, linear } from '../onnx/blocks.js';
import type { ForgeGraph } from '../onnx/forge-graph.js';
import { GraphBuilder } from '../onnx/graph-builder.js';
import { encoderLayer, learnedTokens } from '../onnx/vision-blocks.js';

export interface AudioProjectorSpec {
  seed: number;
  name: string;
  melBins: number;
  audioHidden: number;
  textHidden: number;
  layout: { kind: 'stack'; stack: number } | { kind: 'queries'; tokens: number };
}

export function audioProjectorEncoder(spec: AudioProjectorSpec): ForgeGraph {
  const g = new GraphBuilder({ seed: spec.seed, name: `${spec.name}-audio_encoder` });
  const mel = g.input('audio_values', 'float32', ['batch_size', spec.melBins, 'frames']);
  const d = spec.audioHidden;
  let x = activation(g, conv1d(g, mel, 'audio_tower.conv1', { inChannels: spec.melBins, outChannels: d, kernel: 3, pad: 1 }), 'gelu');
  let tokens: string;
  if (spec.layout.kind === 'stack') {
    const stack = spec.layout.stack;
    x = activation(g, conv1d(g, x, 'audio_tower.conv2', { inChannels: d, outChannels: d, kernel: 3, stride: 2, pad: 1 }), 'gelu');
    // [b,d,T] → pad T to stack·(⌊T/stack⌋ + 1)·… : n = ⌊(T + stack − 1)/stack⌋ + 1 tokens
    const t = g.op1('Slice', [g.op1('Shape', [x]), g.constInt64([2]), g.constInt64([3])]);
    const n = g.op1('Add', [g.op1('Div', [g.op1('Add', [t, g.constInt64([stack - 1])]), g.constInt64([stack])]), g.constInt64([1])]);
    const padRight = g.op1('Sub', [g.op1('Mul', [n, g.constInt64([stack])]), t]);
    const pads = g.op1('Concat', [g.constInt64([0, 0, 0, 0, 0]), padRight], { axis: 0 });
    const padded = g.op1('Pad', [x, pads]);
    const seq = g.op1('Transpose', [padded], { perm: [0, 2, 1] });
    tokens = g.op1('Reshape', [seq, g.constInt64([0, -1, stack * d])]);
    tokens = linear(g, tokens, 'multi_modal_projector.linear_1', stack * d, spec.textHidden);
  } else {
    const seq = encoderLayer(g, g.op1('Transpose', [x], { perm: [0, 2, 1] }), d, 2, d * 2, 'audio_tower.layers.0');
    const queries = learnedTokens(g, seq, d, spec.layout.tokens, 'audio_tower.queries');
    const scores = g.op1('Softmax', [g.op1('Mul', [g.op1('MatMul', [queries, g.op1('Transpose', [seq], { perm: [0, 2, 1] })]), g.constFloat(1 / Math.sqrt(d), [])])], { axis: -1 });
    tokens = linear(g, g.op1('MatMul', [scores, seq]), 'multi_modal_projector.linear_1', d, spec.textHidden);
  }
  const out = linear(g, activation(g, tokens, 'gelu'), 'multi_modal_projector.linear_2', spec.textHidden, spec.textHidden);
  g.output(out, 'audio_features', 'float32', ['batch_size', 'audio_tokens', spec.textHidden]);
  return g.graph();
}
