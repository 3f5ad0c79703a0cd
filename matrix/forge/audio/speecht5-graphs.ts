/**
 * SpeechT5 sessions (one shared encoder-decoder body, per-modality pre- and post-nets):
 * - speech-to-text: `encoder_model` input_values [batch_size, samples] → conv front end (×4 ×2
 *   downsampling) → masked encoder layer → last_hidden_state; `decoder_model_merged` input_ids +
 *   encoder_hidden_states/encoder_attention_mask + self-attention KV cache → logits (EOS suppressed).
 * - text-to-speech: `encoder_model` input_ids → encoder_outputs + encoder_attention_mask (all ones);
 *   `decoder_model_merged` output_sequence [1, L, mel] (mel frames so far), speaker_embeddings,
 *   encoder states, use_cache_branch and the KV cache → the frames after the cache through a ReLU
 *   prenet (+ speaker projection, learned positions) → layers → for the last position:
 *   spectrum [reduction, mel], prob [reduction] (stop head, biased towards "continue"), and
 *   output_sequence_out = output_sequence ⊕ the last new mel frame.
 * Cross-attention K/V are recomputed every step; encoder past inputs are declared and unused.
 */
import { activation, conv1d, embedding, layerNorm, linear, paddingMaskBias } from '../onnx/blocks.js';
import { crossDecoderInputs, crossDecoderLayers } from '../onnx/cross-attention-decoder.js';
import type { ForgeGraph } from '../onnx/forge-graph.js';
import { GraphBuilder } from '../onnx/graph-builder.js';
import { encoderLayer, flattenToTokens } from '../onnx/vision-blocks.js';
import { eosSuppressedLogits } from '../onnx/eos-suppressed-logits.js';
import type { CrossDecoderSpec } from '../onnx/cross-decoder.js';

/** The shared body's dimensions (as the cross-attention decoder's), plus per-modality sizes. */
export interface SpeechT5Spec extends Pick<CrossDecoderSpec, 'vocab' | 'hidden' | 'layers' | 'heads' | 'intermediate' | 'maxPositions'> {
  seed: number;
  name: string;
  /** Text-to-speech only. */
  melBins?: number;
  reduction?: number;
  speakerDim?: number;
  /** Speech-to-text only: token never generated (EOS), so generation runs max_new_tokens. */
  eosTokenId?: number;
}

/** Audio samples per encoder frame of the speech-to-text front end. */
export const SPEECHT5_DOWNSAMPLE = 8;

export function speechT5SpeechEncoder(spec: SpeechT5Spec): ForgeGraph {
  const g = new GraphBuilder({ seed: spec.seed, name: `${spec.name}-encoder_model` });
  const audio = g.input('input_values', 'float32', ['batch_size', 'num_samples']);
  const mask = g.input('attention_mask', 'int64', ['batch_size', 'num_samples']);
  const d = spec.hidden;
  let x = activation(g, conv1d(g, g.op1('Unsqueeze', [audio, g.constInt64([1])]), 'speech_encoder_prenet.conv.0', { inChannels: 1, outChannels: d, kernel: 4, stride: 4 }), 'gelu');
  x = activation(g, conv1d(g, x, 'speech_encoder_prenet.conv.1', { inChannels: d, outChannels: d, kernel: 2, stride: 2 }), 'gelu');
  x = flattenToTokens(g, x, d);
  x = encoderLayer(g, x, d, spec.heads, spec.intermediate, 'encoder.layers.0', [paddingMaskBias(g, frameMask(g, mask, x))]);
  g.output(layerNorm(g, x, 'encoder.layer_norm', d), 'last_hidden_state', 'float32', ['batch_size', 'encoder_sequence_length', d]);
  return g.graph();
}

/** Sample mask [b, samples] → frame mask [b, frames of `states`]: a frame is kept when its first sample is. */
function frameMask(g: GraphBuilder, mask: string, states: string): string {
  const strided = g.op1('Slice', [mask, g.constInt64([0]), g.constInt64([2 ** 62]), g.constInt64([1]), g.constInt64([SPEECHT5_DOWNSAMPLE])]);
  const frames = g.op1('Slice', [g.op1('Shape', [states]), g.constInt64([1]), g.constInt64([2])]);
  return g.op1('Slice', [strided, g.constInt64([0]), frames, g.constInt64([1])]);
}

/** The sample-to-frame mask reduction as a mask mapper for the cross-attention decoder. */
function frameMaskFor(g: GraphBuilder): (mask: string, states: string) => string {
  return (mask, states) => frameMask(g, mask, states);
}

export function speechT5TextEncoder(spec: SpeechT5Spec): ForgeGraph {
  const g = new GraphBuilder({ seed: spec.seed, name: `${spec.name}-encoder_model` });
  const ids = g.input('input_ids', 'int64', ['batch_size', 'encoder_sequence_length']);
  const ones = g.op1('Cast', [g.op1('Equal', [ids, ids])], { to: 7 });
  let x = embedding(g, ids, 'text_encoder_prenet.embed_tokens', spec.vocab, spec.hidden);
  x = encoderLayer(g, x, spec.hidden, spec.heads, spec.intermediate, 'encoder.layers.0', [paddingMaskBias(g, ones)]);
  g.output(layerNorm(g, x, 'encoder.layer_norm', spec.hidden), 'encoder_outputs', 'float32', ['batch_size', 'encoder_sequence_length', spec.hidden]);
  g.output(ones, 'encoder_attention_mask', 'int64', ['batch_size', 'encoder_sequence_length']);
  return g.graph();
}

export function speechT5TextDecoder(spec: SpeechT5Spec): ForgeGraph {
  const g = new GraphBuilder({ seed: spec.seed + 1, name: `${spec.name}-decoder_model_merged` });
  const ids = g.input('input_ids', 'int64', ['batch_size', 'decoder_sequence_length']);
  const io = crossDecoderInputs(g, spec, 'batch_size', frameMaskFor(g));
  const s = g.op1('Gather', [g.op1('Shape', [ids]), g.constInt64(1, [])], { axis: 0 });
  const x = crossDecoderLayers(io, spec, embedding(g, ids, 'text_decoder_prenet.embed_tokens', spec.vocab, spec.hidden), s, 'batch_size');
  const logits = eosSuppressedLogits(g, x, 'text_decoder_postnet.lm_head', spec.hidden, spec.vocab, spec.eosTokenId ?? 2);
  g.output(logits, 'logits', 'float32', ['batch_size', 'decoder_sequence_length', spec.vocab]);
  return g.graph();
}

export function speechT5SpeechDecoder(spec: SpeechT5Spec): ForgeGraph {
  const mel = spec.melBins ?? 16;
  const r = spec.reduction ?? 2;
  const speakerDim = spec.speakerDim ?? 16;
  const g = new GraphBuilder({ seed: spec.seed + 1, name: `${spec.name}-decoder_model_merged` });
  g.input('use_cache_branch', 'bool', [1]);
  const sequence = g.input('output_sequence', 'float32', [1, 'decoder_sequence_length', mel]);
  const speaker = g.input('speaker_embeddings', 'float32', [1, speakerDim]);
  const io = crossDecoderInputs(g, spec, 1);
  // The frames after the cache: output_sequence[:, past:, :].
  const length = g.op1('Slice', [g.op1('Shape', [sequence]), g.constInt64([1]), g.constInt64([2])]);
  const fresh = g.op1('Slice', [sequence, g.op1('Unsqueeze', [io.pastLength, g.constInt64([0])]), length, g.constInt64([1])]);
  const s = g.op1('Sub', [g.op1('Squeeze', [length, g.constInt64([0])]), io.pastLength]);
  let x = activation(g, linear(g, fresh, 'speech_decoder_prenet.layers.0', mel, spec.hidden), 'relu');
  x = g.op1('Add', [x, g.op1('Unsqueeze', [linear(g, speaker, 'speech_decoder_prenet.speaker_embeds_layer', speakerDim, spec.hidden), g.constInt64([1])])]);
  x = crossDecoderLayers(io, spec, x, s, 1);
  const last = g.op1('Gather', [x, g.constInt64(-1, [])], { axis: 1 });
  const spectrum = g.op1('Reshape', [linear(g, last, 'speech_decoder_postnet.feat_out', spec.hidden, r * mel), g.constInt64([r, mel])]);
  const probBias = g.weight('speech_decoder_postnet.prob_out.bias', [r], { fill: -4 });
  const logit = g.op1('Add', [linear(g, last, 'speech_decoder_postnet.prob_out', spec.hidden, r, false, 0.05), probBias]);
  g.output(g.op1('Reshape', [g.op1('Sigmoid', [logit]), g.constInt64([r])]), 'prob', 'float32', [r]);
  g.output(spectrum, 'spectrum', 'float32', [r, mel]);
  const lastFrame = g.op1('Unsqueeze', [g.op1('Slice', [spectrum, g.constInt64([r - 1]), g.constInt64([r])]), g.constInt64([0])]);
  g.output(g.op1('Concat', [sequence, lastFrame], { axis: 1 }), 'output_sequence_out', 'float32', [1, 'decoder_sequence_length + 1', mel]);
  return g.graph();
}
