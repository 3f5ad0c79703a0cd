/**
 * Gemma 3n sessions (transformers.js's Gemma3nForConditionalGeneration):
 * - `embed_tokens`: input_ids → inputs_embeds [b,s,hidden] (scaled by √hidden) and
 *   per_layer_inputs [b,s,layers,perLayer] (Gemma 3n's per-layer token embeddings);
 * - `decoder_model_merged`: inputs_embeds, per_layer_inputs, attention_mask, position_ids, KV cache →
 *   logits: Gemma-style pre/post-norm layers (RMSNorm, RoPE, GQA, gated GELU-tanh MLP), each layer
 *   adding a projection of its per-layer input; EOS suppressed so generation runs max_new_tokens;
 * - `audio_encoder`: input_features [b,frames,mel] + input_features_mask [b,frames] (bool) →
 *   audio_features [b, audioTokens, hidden]: a fixed number of learned queries attend over the
 *   masked frames (the processor always writes audio_seq_length audio tokens).
 * The vision encoder is the shared patch encoder (image_seq_length tokens per image).
 */
import { activation, attention, causalMaskBias, embedding, linear, mlp, paddingMaskBias, rmsNorm, ropeTables } from '../onnx/blocks.js';
import type { ForgeGraph } from '../onnx/forge-graph.js';
import { GraphBuilder } from '../onnx/graph-builder.js';
import { encoderLayer, learnedTokens } from '../onnx/vision-blocks.js';
import { pastKeyValueInputs } from '../onnx/past-key-value-inputs.js';
import { eosSuppressedLogits } from '../onnx/eos-suppressed-logits.js';
import type { EmbedsDecoderSpec } from '../onnx/embeds-decoder.js';

/** The language decoder's dimensions (as the embeds-decoder's), plus Gemma 3n's per-layer inputs. */
export interface Gemma3nSpec extends Omit<EmbedsDecoderSpec, 'positions'> {
  /** Width of each layer's per-layer input. */
  perLayer: number;
}

export function gemma3nEmbedTokens(spec: Gemma3nSpec): ForgeGraph {
  const g = new GraphBuilder({ seed: spec.seed, name: `${spec.name}-embed_tokens` });
  const ids = g.input('input_ids', 'int64', ['batch_size', 'sequence_length']);
  const embeds = g.op1('Mul', [embedding(g, ids, 'model.language_model.embed_tokens', spec.vocab, spec.hidden), g.constFloat(Math.sqrt(spec.hidden), [])]);
  g.output(embeds, 'inputs_embeds', 'float32', ['batch_size', 'sequence_length', spec.hidden]);
  const perLayer = embedding(g, ids, 'model.language_model.embed_tokens_per_layer', spec.vocab, spec.layers * spec.perLayer);
  const shaped = g.op1('Reshape', [perLayer, g.constInt64([0, 0, spec.layers, spec.perLayer])]);
  g.output(shaped, 'per_layer_inputs', 'float32', ['batch_size', 'sequence_length', spec.layers, spec.perLayer]);
  return g.graph();
}

export function gemma3nDecoder(spec: Gemma3nSpec): ForgeGraph {
  const { hidden, heads, kvHeads, vocab } = spec;
  const headDim = hidden / heads;
  const g = new GraphBuilder({ seed: spec.seed + 1, name: `${spec.name}-decoder_model_merged` });
  let x = g.input('inputs_embeds', 'float32', ['batch_size', 'sequence_length', hidden]);
  const perLayer = g.input('per_layer_inputs', 'float32', ['batch_size', 'sequence_length', spec.layers, spec.perLayer]);
  const mask = g.input('attention_mask', 'int64', ['batch_size', 'total_sequence_length']);
  const positionIds = g.input('position_ids', 'int64', ['batch_size', 'sequence_length']);
  const past = pastKeyValueInputs(g, spec.layers, kvHeads, headDim);
  const rope = ropeTables(g, positionIds, headDim);
  const maskBiases = [paddingMaskBias(g, mask), causalMaskBias(g, x, mask)];
  const presents: [string, string][] = [];
  for (let i = 0; i < spec.layers; i++) {
    const p = `model.language_model.layers.${i}`;
    const attn = attention(g, rmsNorm(g, x, `${p}.input_layernorm`, hidden), `${p}.self_attn`, { hidden, heads, kvHeads, headDim, bias: false, maskBiases, rope, past: past[i] });
    presents.push([attn.key, `present.${i}.key`], [attn.value, `present.${i}.value`]);
    x = g.op1('Add', [x, rmsNorm(g, attn.out, `${p}.post_attention_layernorm`, hidden)]);
    const ff = mlp(g, rmsNorm(g, x, `${p}.pre_feedforward_layernorm`, hidden), `${p}.mlp`, { hidden, intermediate: spec.intermediate, activation: 'gelu_tanh', gated: true });
    x = g.op1('Add', [x, rmsNorm(g, ff, `${p}.post_feedforward_layernorm`, hidden)]);
    const own = g.op1('Gather', [perLayer, g.constInt64(i, [])], { axis: 2 });
    x = g.op1('Add', [x, linear(g, activation(g, own, 'gelu_tanh'), `${p}.per_layer_projection`, spec.perLayer, hidden, false)]);
  }
  x = rmsNorm(g, x, 'model.language_model.norm', hidden);
  const logits = eosSuppressedLogits(g, x, 'lm_head', hidden, vocab, spec.eosTokenId);
  g.output(logits, 'logits', 'float32', ['batch_size', 'sequence_length', vocab]);
  for (const [value, name] of presents) g.output(value, name, 'float32', ['batch_size', kvHeads, 'total_sequence_length', headDim]);
  return g.graph();
}

export function gemma3nAudioEncoder(spec: Gemma3nSpec & { melBins: number; audioHidden: number; audioTokens: number }): ForgeGraph {
  const d = spec.audioHidden;
  const g = new GraphBuilder({ seed: spec.seed + 2, name: `${spec.name}-audio_encoder` });
  const features = g.input('input_features', 'float32', ['batch_size', 'num_frames', spec.melBins]);
  const frameMask = g.input('input_features_mask', 'bool', ['batch_size', 'num_frames']);
  const maskBias = paddingMaskBias(g, g.op1('Cast', [frameMask], { to: 7 }));
  let x = linear(g, features, 'audio_tower.input_proj', spec.melBins, d);
  x = encoderLayer(g, x, d, 2, d * 2, 'audio_tower.conformer.0', [maskBias]);
  const queries = learnedTokens(g, x, d, spec.audioTokens, 'audio_tower.queries');
  const scores = g.op1('Mul', [g.op1('MatMul', [queries, g.op1('Transpose', [x], { perm: [0, 2, 1] })]), g.constFloat(1 / Math.sqrt(d), [])]);
  const pooled = g.op1('MatMul', [g.op1('Softmax', [g.op1('Add', [scores, g.op1('Squeeze', [maskBias, g.constInt64([1])])])], { axis: -1 }), x]);
  const out = linear(g, rmsNorm(g, pooled, 'embed_audio.soft_embedding_norm', d), 'embed_audio.embedding_projection', d, spec.hidden, false);
  g.output(out, 'audio_features', 'float32', ['batch_size', spec.audioTokens, spec.hidden]);
  return g.graph();
}
