/**
 * The merged seq2seq decoder transformers.js loads as `decoder_model_merged.onnx` for speech and
 * vision encoder-decoders: `input_ids`, `encoder_hidden_states` and the decoder self-attention
 * cache `past_key_values.N.decoder.key|value [batch_size, heads, past_sequence_length, head_dim]`
 * → `logits`, `present.N.decoder.*` and the cross-attention keys/values `present.N.encoder.*`.
 * Positions start at the cache length; the causal mask covers past + new tokens.
 */
import { activation, attention, embedding, layerNorm, linear, MASK_NEG } from './blocks.js';
import { GraphBuilder } from './graph-builder.js';
import type { ForgeGraph } from './forge-graph.js';

export interface CrossDecoderSpec {
  vocab: number;
  hidden: number;
  layers: number;
  heads: number;
  intermediate: number;
  /** Learned positions (max target length). */
  maxPositions: number;
  /** Width of `encoder_hidden_states` (defaults to hidden). */
  encoderHidden?: number;
  /** Also declare `encoder_attention_mask [batch_size, encoder_sequence_length]`. */
  encoderMask?: boolean;
  /** The bare model's decoder (WhisperModel, …) ends in `last_hidden_state`, not an LM head's `logits`. */
  statesOnly?: boolean;
}

export function crossDecoder(spec: CrossDecoderSpec, seed: number, name: string): ForgeGraph {
  const g = new GraphBuilder({ seed, name });
  const D = spec.hidden;
  const headDim = D / spec.heads;
  const ids = g.input('input_ids', 'int64', ['batch_size', 'decoder_sequence_length']);
  let encoder = g.input('encoder_hidden_states', 'float32', ['batch_size', 'encoder_sequence_length', spec.encoderHidden ?? D]);
  if ((spec.encoderHidden ?? D) !== D) encoder = linear(g, encoder, 'encoder_projection', spec.encoderHidden!, D);
  const crossMasks: string[] = [];
  if (spec.encoderMask) {
    const mask = g.input('encoder_attention_mask', 'int64', ['batch_size', 'encoder_sequence_length']);
    const dropped = g.op1('Sub', [g.constFloat(1, []), g.op1('Cast', [mask], { to: 1 })]);
    crossMasks.push(g.op1('Unsqueeze', [g.op1('Mul', [dropped, g.constFloat(MASK_NEG, [])]), g.constInt64([1, 2])]));
  }
  const pasts = Array.from({ length: spec.layers }, (_, i) => ({
    key: g.input(`past_key_values.${i}.decoder.key`, 'float32', ['batch_size', spec.heads, 'past_sequence_length', headDim]),
    value: g.input(`past_key_values.${i}.decoder.value`, 'float32', ['batch_size', spec.heads, 'past_sequence_length', headDim]),
  }));
  const scalarDim = (t: string, axis: number) => g.op1('Gather', [g.op1('Shape', [t]), g.constInt64(axis, [])], { axis: 0 });
  const pastLength = scalarDim(pasts[0]!.key, 2);
  const newLength = scalarDim(ids, 1);
  const total = g.op1('Add', [pastLength, newLength]);
  const positions = g.op1('Unsqueeze', [g.op1('Range', [pastLength, total, g.constInt64(1, [])]), g.constInt64([0])]);
  const tokenTable = g.weight('embed_tokens.weight', [spec.vocab, D], { std: 0.5 });
  let x = g.op1('Add', [g.op1('Gather', [tokenTable, ids], { axis: 0 }), embedding(g, positions, 'embed_positions', spec.maxPositions, D)]);
  // Causal bias [1,1,s,t]: query i (absolute past+i) may see keys 0..past+i.
  const keyPos = g.op1('Unsqueeze', [g.op1('Range', [g.constInt64(0, []), total, g.constInt64(1, [])]), g.constInt64([0])]);
  const queryPos = g.op1('Unsqueeze', [g.op1('Range', [pastLength, total, g.constInt64(1, [])]), g.constInt64([1])]);
  const future = g.op1('Greater', [keyPos, queryPos]);
  const causal = g.op1('Unsqueeze', [g.op1('Where', [future, g.constFloat(MASK_NEG, []), g.constFloat(0, [])]), g.constInt64([0, 1])]);
  const presents: { name: string; value: string; dims: (string | number)[] }[] = [];
  for (let i = 0; i < spec.layers; i++) {
    const p = `layers.${i}`;
    const self = attention(g, layerNorm(g, x, `${p}.self_attn_layer_norm`, D), `${p}.self_attn`, { hidden: D, heads: spec.heads, maskBiases: [causal], past: pasts[i] });
    x = g.op1('Add', [x, self.out]);
    const cross = attention(g, layerNorm(g, x, `${p}.encoder_attn_layer_norm`, D), `${p}.encoder_attn`, {
      hidden: D,
      heads: spec.heads,
      maskBiases: crossMasks,
      keyValueSource: encoder,
    });
    x = g.op1('Add', [x, cross.out]);
    const inner = activation(g, linear(g, layerNorm(g, x, `${p}.final_layer_norm`, D), `${p}.fc1`, D, spec.intermediate), 'gelu');
    x = g.op1('Add', [x, linear(g, inner, `${p}.fc2`, spec.intermediate, D)]);
    const selfDims = ['batch_size', spec.heads, 'total_sequence_length', headDim];
    const crossDims = ['batch_size', spec.heads, 'encoder_sequence_length', headDim];
    presents.push(
      { name: `present.${i}.decoder.key`, value: self.key, dims: selfDims },
      { name: `present.${i}.decoder.value`, value: self.value, dims: selfDims },
      { name: `present.${i}.encoder.key`, value: cross.key, dims: crossDims },
      { name: `present.${i}.encoder.value`, value: cross.value, dims: crossDims },
    );
  }
  x = layerNorm(g, x, 'layer_norm', D);
  if (spec.statesOnly) {
    g.output(x, 'last_hidden_state', 'float32', ['batch_size', 'decoder_sequence_length', D]);
  } else {
    const logits = g.op1('MatMul', [x, g.op1('Transpose', [tokenTable], { perm: [1, 0] })]);
    g.output(logits, 'logits', 'float32', ['batch_size', 'decoder_sequence_length', spec.vocab]);
  }
  for (const p of presents) g.output(p.value, p.name, 'float32', p.dims);
  return g.graph();
}
