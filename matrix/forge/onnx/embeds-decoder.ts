/**
 * The language half of a multi-session generative model, as transformers.js loads it:
 * `embed_tokens` (input_ids → inputs_embeds) and `decoder_model_merged` (inputs_embeds,
 * attention_mask, position_ids, past_key_values.N.key|value → logits, present.N.key|value).
 * A LLaMA-style pre-norm decoder with RoPE and grouped KV heads; the lm_head bias suppresses EOS
 * so greedy generation always runs max_new_tokens.
 */
import { attention, causalMaskBias, embedding, mlp, paddingMaskBias, rmsNorm, ropeTables } from './blocks.js';
import type { ForgeGraph } from './forge-graph.js';
import { GraphBuilder } from './graph-builder.js';
import { pastKeyValueInputs } from './past-key-value-inputs.js';
import { eosSuppressedLogits } from './eos-suppressed-logits.js';

export interface EmbedsDecoderSpec {
  seed: number;
  name: string;
  vocab: number;
  hidden: number;
  layers: number;
  heads: number;
  kvHeads: number;
  intermediate: number;
  /** Token suppressed in the logits (EOS), so generation never stops early. */
  eosTokenId: number;
  /**
   * `1d`: position_ids [batch_size, sequence_length]; `mrope`: Qwen-VL 3-D positions
   * [3, batch_size, sequence_length] (temporal / height / width sections of the rotary dims).
   */
  positions: '1d' | 'mrope';
}

/** Both graphs: `embed_tokens` and `decoder_model_merged` (same seed, distinct weight names). */
export function embedsDecoder(spec: EmbedsDecoderSpec): { embedTokens: ForgeGraph; decoder: ForgeGraph } {
  return { embedTokens: embedTokensGraph(spec), decoder: decoderGraph(spec) };
}

function embedTokensGraph(spec: EmbedsDecoderSpec): ForgeGraph {
  const g = new GraphBuilder({ seed: spec.seed, name: `${spec.name}-embed_tokens` });
  const ids = g.input('input_ids', 'int64', ['batch_size', 'sequence_length']);
  g.output(embedding(g, ids, 'model.embed_tokens', spec.vocab, spec.hidden), 'inputs_embeds', 'float32', ['batch_size', 'sequence_length', spec.hidden]);
  return g.graph();
}

function decoderGraph(spec: EmbedsDecoderSpec): ForgeGraph {
  const { hidden, heads, kvHeads, vocab } = spec;
  const headDim = hidden / heads;
  const g = new GraphBuilder({ seed: spec.seed, name: `${spec.name}-decoder_model_merged` });
  let x = g.input('inputs_embeds', 'float32', ['batch_size', 'sequence_length', hidden]);
  const mask = g.input('attention_mask', 'int64', ['batch_size', 'total_sequence_length']);
  const positionIds =
    spec.positions === 'mrope'
      ? g.input('position_ids', 'int64', [3, 'batch_size', 'sequence_length'])
      : g.input('position_ids', 'int64', ['batch_size', 'sequence_length']);
  const past = pastKeyValueInputs(g, spec.layers, kvHeads, headDim);
  const rope = spec.positions === 'mrope' ? mropeTables(g, positionIds, headDim) : ropeTables(g, positionIds, headDim);
  const maskBiases = [paddingMaskBias(g, mask), causalMaskBias(g, x, mask)];
  const presents: { value: string; name: string }[] = [];
  for (let i = 0; i < spec.layers; i++) {
    const p = `model.layers.${i}`;
    const attn = attention(g, rmsNorm(g, x, `${p}.input_layernorm`, hidden), `${p}.self_attn`, {
      hidden, heads, kvHeads, headDim, bias: false, maskBiases, rope, past: past[i],
    });
    presents.push({ value: attn.key, name: `present.${i}.key` }, { value: attn.value, name: `present.${i}.value` });
    x = g.op1('Add', [x, attn.out]);
    const ff = mlp(g, rmsNorm(g, x, `${p}.post_attention_layernorm`, hidden), `${p}.mlp`, { hidden, intermediate: spec.intermediate, activation: 'silu', gated: true });
    x = g.op1('Add', [x, ff]);
  }
  x = rmsNorm(g, x, 'model.norm', hidden);
  const logits = eosSuppressedLogits(g, x, 'lm_head', hidden, vocab, spec.eosTokenId);
  g.output(logits, 'logits', 'float32', ['batch_size', 'sequence_length', vocab]);
  const presentDims = ['batch_size', kvHeads, 'total_sequence_length', headDim];
  for (const pr of presents) g.output(pr.value, pr.name, 'float32', presentDims);
  return g.graph();
}

/**
 * Multimodal RoPE (Qwen2-VL): position_ids [3,b,s] → cos/sin [b,1,s,d]; the rotary frequency
 * pairs are split in three sections (temporal, height, width), each rotated by its own position row.
 */
function mropeTables(g: GraphBuilder, positionIds: string, headDim: number, theta = 10000): { cos: string; sin: string } {
  const half = headDim / 2;
  const sections = mropeSection(headDim);
  const invFreq = Array.from({ length: half }, (_, i) => 1 / theta ** ((2 * i) / headDim));
  // [3,b,s,1] * [half] → [3,b,s,half]; pick row r for the frequencies of section r.
  const pos = g.op1('Unsqueeze', [g.op1('Cast', [positionIds], { to: 1 }), g.constInt64([-1])]);
  const freqs = g.op1('Mul', [pos, g.constFloat(invFreq)]);
  const parts: string[] = [];
  let start = 0;
  sections.forEach((len, row) => {
    const rowFreqs = g.op1('Gather', [freqs, g.constInt64(row, [])], { axis: 0 });
    parts.push(g.op1('Slice', [rowFreqs, g.constInt64([start]), g.constInt64([start + len]), g.constInt64([-1])]));
    start += len;
  });
  const merged = g.op1('Concat', parts, { axis: -1 });
  const emb = g.op1('Unsqueeze', [g.op1('Concat', [merged, merged], { axis: -1 }), g.constInt64([1])]);
  return { cos: g.op1('Cos', [emb]), sin: g.op1('Sin', [emb]) };
}

/** The `mrope_section` the config states for a head dim (sums to head_dim / 2). */
export function mropeSection(headDim: number): [number, number, number] {
  const half = headDim / 2;
  const t = Math.floor(half / 4);
  const h = Math.floor((half - t) / 2);
  return [t, h, half - t - h];
}
