/**
 * The three sessions of MusicGen, as transformers.js's MusicgenForConditionalGeneration loads them:
 * - `text_encoder`: input_ids, attention_mask → last_hidden_state (T5-style, one masked layer);
 * - `decoder_model_merged`: input_ids [batch·codebooks, s] (one row per codebook, delay pattern
 *   applied by transformers.js) → the codebook embeddings summed per batch item → pre-norm layers
 *   (causal self-attention with KV cache, cross-attention over the text) → one LM head per codebook
 *   → logits [batch·codebooks, s, codebookSize]. The cache is per batch item; transformers.js sizes
 *   the empty first-step cache by the id rows (batch·codebooks), so the graph keeps the first
 *   `batch` rows of every past (a no-op once the cache is real). Cross K/V are recomputed each step;
 *   the encoder past inputs are declared, as in real exports, and unused.
 * - `encodec_decode`: audio_codes [1, batch, codebooks, frames] → summed codebook embeddings →
 *   transposed-conv upsampler → audio_values [batch, 1, frames·hop].
 */
import { attention, causalMaskBiasFor, embedding, layerNorm, linear, mlp, paddingMaskBias } from '../onnx/blocks.js';
import type { ForgeGraph } from '../onnx/forge-graph.js';
import { GraphBuilder } from '../onnx/graph-builder.js';
import { encoderLayer } from '../onnx/vision-blocks.js';

export interface MusicgenSpec {
  seed: number;
  name: string;
  textVocab: number;
  hidden: number;
  layers: number;
  heads: number;
  intermediate: number;
  codebooks: number;
  /** Codes per codebook; the decoder's pad / start token is `codebookSize`. */
  codebookSize: number;
  maxPositions: number;
  /** Audio samples per code frame. */
  hop: number;
}

export function musicgenTextEncoder(spec: MusicgenSpec): ForgeGraph {
  const g = new GraphBuilder({ seed: spec.seed, name: `${spec.name}-text_encoder` });
  const ids = g.input('input_ids', 'int64', ['batch_size', 'encoder_sequence_length']);
  const mask = g.input('attention_mask', 'int64', ['batch_size', 'encoder_sequence_length']);
  let x = embedding(g, ids, 'text_encoder.shared', spec.textVocab, spec.hidden);
  x = encoderLayer(g, x, spec.hidden, spec.heads, spec.intermediate, 'text_encoder.encoder.block.0', [paddingMaskBias(g, mask)]);
  g.output(layerNorm(g, x, 'text_encoder.encoder.final_layer_norm', spec.hidden), 'last_hidden_state', 'float32', ['batch_size', 'encoder_sequence_length', spec.hidden]);
  return g.graph();
}

export function musicgenDecoder(spec: MusicgenSpec): ForgeGraph {
  const { hidden, heads, layers, codebooks: k, codebookSize: v } = spec;
  const headDim = hidden / heads;
  const g = new GraphBuilder({ seed: spec.seed + 1, name: `${spec.name}-decoder_model_merged` });
  const encMask = g.input('encoder_attention_mask', 'int64', ['encoder_batch_size', 'encoder_sequence_length']);
  const ids = g.input('input_ids', 'int64', ['batch_size', 'decoder_sequence_length']);
  const encoderStates = g.input('encoder_hidden_states', 'float32', ['encoder_batch_size', 'encoder_sequence_length', hidden]);
  const selfDims = ['batch_size', heads, 'past_decoder_sequence_length', headDim];
  const crossDims = ['batch_size', heads, 'encoder_sequence_length_out', headDim];
  const batch = g.op1('Slice', [g.op1('Shape', [encoderStates]), g.constInt64([0]), g.constInt64([1])]);
  const past = Array.from({ length: layers }, (_, i) => {
    const keep = (name: string) => g.op1('Slice', [g.input(name, 'float32', selfDims), g.constInt64([0]), batch, g.constInt64([0])]);
    const pair = { key: keep(`past_key_values.${i}.decoder.key`), value: keep(`past_key_values.${i}.decoder.value`) };
    g.input(`past_key_values.${i}.encoder.key`, 'float32', crossDims);
    g.input(`past_key_values.${i}.encoder.value`, 'float32', crossDims);
    return pair;
  });
  // [b·K, s] → [b, K, s]; sum of the K codebook embeddings → [b, s, hidden].
  const s1 = g.op1('Slice', [g.op1('Shape', [ids]), g.constInt64([1]), g.constInt64([2])]);
  const grouped = g.op1('Reshape', [ids, g.op1('Concat', [g.constInt64([-1, k]), s1], { axis: 0 })]);
  let x = '';
  for (let c = 0; c < k; c++) {
    const row = g.op1('Gather', [grouped, g.constInt64(c, [])], { axis: 1 });
    const e = embedding(g, row, `decoder.model.decoder.embed_tokens.${c}`, v + 1, hidden);
    x = c === 0 ? e : g.op1('Add', [x, e]);
  }
  const s = g.op1('Gather', [g.op1('Shape', [ids]), g.constInt64(1, [])], { axis: 0 });
  const pastLength = g.op1('Gather', [g.op1('Shape', [past[0]!.key]), g.constInt64(2, [])], { axis: 0 });
  const total = g.op1('Add', [pastLength, s]);
  const positions = g.op1('Unsqueeze', [g.op1('Range', [pastLength, total, g.constInt64(1, [])]), g.constInt64([0])]);
  x = g.op1('Add', [x, embedding(g, positions, 'decoder.model.decoder.embed_positions', spec.maxPositions, hidden)]);
  const causal = causalMaskBiasFor(g, s, total);
  const crossBias = paddingMaskBias(g, encMask);
  const presents: Array<[string, string, (number | string)[]]> = [];
  for (let i = 0; i < layers; i++) {
    const p = `decoder.model.decoder.layers.${i}`;
    const self = attention(g, layerNorm(g, x, `${p}.self_attn_layer_norm`, hidden), `${p}.self_attn`, { hidden, heads, headDim, maskBiases: [causal], bias: false, past: past[i] });
    x = g.op1('Add', [x, self.out]);
    const cross = attention(g, layerNorm(g, x, `${p}.encoder_attn_layer_norm`, hidden), `${p}.encoder_attn`, { hidden, heads, headDim, maskBiases: [crossBias], bias: false, keyValueSource: encoderStates });
    x = g.op1('Add', [x, cross.out]);
    x = g.op1('Add', [x, mlp(g, layerNorm(g, x, `${p}.final_layer_norm`, hidden), `${p}.mlp`, { hidden, intermediate: spec.intermediate, activation: 'gelu', bias: false })]);
    presents.push([self.key, `present.${i}.decoder.key`, ['encoder_batch_size', heads, 'total_decoder_sequence_length', headDim]]);
    presents.push([self.value, `present.${i}.decoder.value`, ['encoder_batch_size', heads, 'total_decoder_sequence_length', headDim]]);
    presents.push([cross.key, `present.${i}.encoder.key`, ['encoder_batch_size', heads, 'encoder_sequence_length', headDim]]);
    presents.push([cross.value, `present.${i}.encoder.value`, ['encoder_batch_size', heads, 'encoder_sequence_length', headDim]]);
  }
  x = layerNorm(g, x, 'decoder.model.decoder.layer_norm', hidden);
  // One head per codebook: [b, K, s, V] → [b·K, s, V].
  const heads_ = Array.from({ length: k }, (_, c) => g.op1('Unsqueeze', [linear(g, x, `decoder.lm_heads.${c}`, hidden, v, false), g.constInt64([1])]));
  const logits = g.op1('Reshape', [g.op1('Concat', heads_, { axis: 1 }), g.op1('Concat', [g.constInt64([-1]), s1, g.constInt64([v])], { axis: 0 })]);
  g.output(logits, 'logits', 'float32', ['batch_size', 'decoder_sequence_length', v]);
  for (const [value, name, dims] of presents) g.output(value, name, 'float32', dims);
  return g.graph();
}

export function musicgenAudioDecoder(spec: MusicgenSpec): ForgeGraph {
  const { codebooks: k, codebookSize: v, hop } = spec;
  const channels = 16;
  const g = new GraphBuilder({ seed: spec.seed + 2, name: `${spec.name}-encodec_decode` });
  const codes = g.input('audio_codes', 'int64', [1, 'batch_size', k, 'chunk_length']);
  const perBatch = g.op1('Squeeze', [codes, g.constInt64([0])]);
  let x = '';
  for (let c = 0; c < k; c++) {
    const e = embedding(g, g.op1('Gather', [perBatch, g.constInt64(c, [])], { axis: 1 }), `quantizer.layers.${c}.codebook.embed`, v, channels);
    x = c === 0 ? e : g.op1('Add', [x, e]);
  }
  const w = g.weight('decoder.upsample.weight', [channels, 1, hop], { std: 1 / Math.sqrt(channels) });
  const wave = g.op1('Tanh', [g.op1('ConvTranspose', [g.op1('Transpose', [x], { perm: [0, 2, 1] }), w], { kernel_shape: [hop], strides: [hop] })]);
  g.output(wave, 'audio_values', 'float32', ['batch_size', 1, 'num_samples']);
  return g.graph();
}
