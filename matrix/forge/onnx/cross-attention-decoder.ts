/**
 * The body of a merged encoder-decoder decoder (BART / SpeechT5 / Florence-2 style) on a
 * GraphBuilder: the encoder-side inputs and the two-part KV cache every such session declares
 * (`past_key_values.N.decoder|encoder.key|value`), then learned positions after the cache and
 * pre-norm layers (causal self-attention with the cache, cross-attention over the encoder, MLP),
 * writing `present.N.*`. Cross K/V are recomputed each step; the encoder past inputs are declared
 * (transformers.js feeds them) and unused, so no use_cache_branch is needed.
 */
import { attention, causalMaskBiasFor, embedding, layerNorm, mlp, paddingMaskBias } from './blocks.js';
import type { GraphBuilder } from './graph-builder.js';

export interface CrossDecoderDims {
  hidden: number;
  layers: number;
  heads: number;
  intermediate: number;
  maxPositions: number;
}

export interface CrossDecoderIo {
  g: GraphBuilder;
  encMask: string;
  encoderStates: string;
  past: { key: string; value: string }[];
  pastLength: string;
}

/**
 * Declares encoder_attention_mask, encoder_hidden_states and the cache. `maskMapper` turns the mask
 * transformers.js sends into one per encoder position (e.g. a sample-level mask into frames).
 */
export function crossDecoderInputs(g: GraphBuilder, dims: CrossDecoderDims, batch: string | number, maskMapper?: (mask: string, states: string) => string): CrossDecoderIo {
  const headDim = dims.hidden / dims.heads;
  const maskInput = g.input('encoder_attention_mask', 'int64', [batch, maskMapper ? 'encoder_mask_length' : 'encoder_sequence_length']);
  const encoderStates = g.input('encoder_hidden_states', 'float32', [batch, 'encoder_sequence_length', dims.hidden]);
  const encMask = maskMapper ? maskMapper(maskInput, encoderStates) : maskInput;
  const past = Array.from({ length: dims.layers }, (_, i) => {
    const pair = {
      key: g.input(`past_key_values.${i}.decoder.key`, 'float32', [batch, dims.heads, 'past_decoder_sequence_length', headDim]),
      value: g.input(`past_key_values.${i}.decoder.value`, 'float32', [batch, dims.heads, 'past_decoder_sequence_length', headDim]),
    };
    g.input(`past_key_values.${i}.encoder.key`, 'float32', [batch, dims.heads, 'encoder_sequence_length_out', headDim]);
    g.input(`past_key_values.${i}.encoder.value`, 'float32', [batch, dims.heads, 'encoder_sequence_length_out', headDim]);
    return pair;
  });
  const pastLength = g.op1('Gather', [g.op1('Shape', [past[0]!.key]), g.constInt64(2, [])], { axis: 0 });
  return { g, encMask, encoderStates, past, pastLength };
}

/** Positions + layers over x [b, s, hidden] (s new positions after the cache); writes present.* outputs; returns the normed states. */
export function crossDecoderLayers(io: CrossDecoderIo, dims: CrossDecoderDims, x: string, s: string, batch: string | number): string {
  const { g, encMask, encoderStates, past, pastLength } = io;
  const { hidden, heads } = dims;
  const headDim = hidden / heads;
  const total = g.op1('Add', [pastLength, s]);
  const positions = g.op1('Unsqueeze', [g.op1('Range', [pastLength, total, g.constInt64(1, [])]), g.constInt64([0])]);
  x = g.op1('Add', [x, embedding(g, positions, 'decoder.embed_positions', dims.maxPositions, hidden)]);
  const causal = causalMaskBiasFor(g, s, total);
  const crossBias = paddingMaskBias(g, encMask);
  const outputs: Array<[string, string, (number | string)[]]> = [];
  for (let i = 0; i < dims.layers; i++) {
    const p = `decoder.layers.${i}`;
    const self = attention(g, layerNorm(g, x, `${p}.self_attn_layer_norm`, hidden), `${p}.self_attn`, { hidden, heads, headDim, maskBiases: [causal], past: past[i] });
    x = g.op1('Add', [x, self.out]);
    const cross = attention(g, layerNorm(g, x, `${p}.encoder_attn_layer_norm`, hidden), `${p}.encoder_attn`, { hidden, heads, headDim, maskBiases: [crossBias], keyValueSource: encoderStates });
    x = g.op1('Add', [x, cross.out]);
    x = g.op1('Add', [x, mlp(g, layerNorm(g, x, `${p}.final_layer_norm`, hidden), `${p}.feed_forward`, { hidden, intermediate: dims.intermediate, activation: 'gelu' })]);
    outputs.push([self.key, `present.${i}.decoder.key`, [batch, heads, 'total_decoder_sequence_length', headDim]]);
    outputs.push([self.value, `present.${i}.decoder.value`, [batch, heads, 'total_decoder_sequence_length', headDim]]);
    outputs.push([cross.key, `present.${i}.encoder.key`, [batch, heads, 'encoder_sequence_length', headDim]]);
    outputs.push([cross.value, `present.${i}.encoder.value`, [batch, heads, 'encoder_sequence_length', headDim]]);
  }
  x = layerNorm(g, x, 'decoder.layer_norm', hidden);
  for (const [value, name, dims_] of outputs) g.output(value, name, 'float32', dims_);
  return x;
}
