/**
 * Causal LM with KV cache (text-generation) and its base model (feature-extraction) for
 * decoder-only families. Inputs: input_ids, attention_mask [batch_size, total_sequence_length],
 * position_ids (when the family has positions), past_key_values.N.key|value
 * [batch_size, kv_heads, past_sequence_length, head_dim] (numeric heads/head_dim: transformers.js
 * fills only `batch_size` for an empty cache) → logits, present.N.key|value.
 * Family cache layouts (fused multi-query, conv / ssm / recurrent states) follow decoder-cache.ts.
 * The lm_head bias suppresses EOS so greedy generation always runs max_new_tokens.
 */
import type { ForgeContract } from '../contracts/contract.js';
import type { ForgedFolder } from '../contracts/forged-folder.js';
import { attention, causalMaskBias, embedding, layerNorm, linear, mlp, paddingMaskBias, rmsNorm, ropeTables } from '../onnx/blocks.js';
import { GraphBuilder } from '../onnx/graph-builder.js';
import { byteLevelBpeTokenizer, json } from '../tokenizers/tokenizer-files.js';
import { decoderQuirks, type DecoderQuirks } from './decoder-families.js';
import { layerCaches, presentName, type LayerCache } from './decoder-cache.js';
import { realConfigFolder } from '../config/real-config.js';
import { specialTokenIds } from '../tokenizers/special-token-ids.js';
import { eosSuppressedLogits } from '../onnx/eos-suppressed-logits.js';
import { ropeParameters } from '../config/rope-parameters.js';

const CONV_KERNEL = 3;
const PASS_STATE_DIMS = [2, 4, 4];

/**
 * Text-only causal LMs of multimodal families, with the decoder family whose graph they share: transformers.js
 * reads their dimensions from `config.text_config` (model_type gemma3 → its gemma3_text sub-config).
 */
const TEXT_MODEL_OF: Readonly<Record<string, string>> = Object.freeze({ gemma3: 'gemma3_text' });

export const causalLmContract: ForgeContract = {
  name: 'causal-lm',
  supports(entry, task) {
    if (TEXT_MODEL_OF[entry.family] && task.task === 'text-generation' && task.autoClass === 'AutoModelForCausalLM') return true;
    if (entry.archKind !== 'decoder-only') return `not a decoder-only family (${entry.archKind})`;
    if (task.task !== 'text-generation' && task.task !== 'feature-extraction') return `task ${task.task} is not causal LM`;
    return decoderQuirks(entry.family).unsupported ?? true;
  },
  build(ctx) {
    const textModel = TEXT_MODEL_OF[ctx.entry.family];
    const quirks = decoderQuirks(textModel ?? ctx.entry.family);
    const tok = byteLevelBpeTokenizer(ctx.size.maxPositions);
    const vocab = ctx.size.vocab ?? tok.vocabSize;
    const { hidden, layers, heads, intermediate } = ctx.size;
    const kvHeads = quirks.grouped ? ctx.size.kvHeads : heads;
    const headDim = ctx.size.headDim ?? hidden / heads;
    const extraConfig = { ...(quirks.config ?? {}), ...pickLayerTypes(ctx.realConfig) };
    const layerTypes = (extraConfig.layer_types ?? extraConfig.layers_block_type) as string[] | undefined;
    const caches = layerCaches(quirks.cache, layers, layerTypes);
    const withHead = ctx.task.task === 'text-generation';

    const g = new GraphBuilder({ seed: ctx.seed, name: `${ctx.entry.family}-${ctx.task.task}` });
    const ids = g.input('input_ids', 'int64', ['batch_size', 'sequence_length']);
    const mask = g.input('attention_mask', 'int64', ['batch_size', 'total_sequence_length']);
    const positionIds = quirks.positions === 'none' ? undefined : g.input('position_ids', 'int64', ['batch_size', 'sequence_length']);
    const presents: Array<{ value: string; name: string; dims: (number | string)[]; elem: 'float32' }> = [];
    const past = caches.map((c, i) => declarePast(g, c, i, kvHeads, headDim, hidden));

    let x = embedding(g, ids, 'model.embed_tokens', vocab, hidden);
    if (quirks.positions === 'learned') x = g.op1('Add', [x, embedding(g, positionIds!, 'model.embed_positions', ctx.size.maxPositions, hidden)]);
    const maskBiases = [paddingMaskBias(g, mask), causalMaskBias(g, ids, mask)];
    // A real config's rope_theta / rope_scaling (linear, llama3, yarn); tiny models keep theta 10000.
    const realRope = ctx.realConfig ? ropeParameters(ctx.realConfig, headDim) : undefined;
    const rope = quirks.positions === 'rope' ? ropeTables(g, positionIds!, headDim, 10000, realRope) : undefined;
    const tied = ctx.realConfig?.tie_word_embeddings === true;
    const norm = (input: string, name: string) => (quirks.style === 'llama' ? rmsNorm(g, input, name, hidden) : layerNorm(g, input, name, hidden));

    let curMask: string | undefined;
    caches.forEach((cache, i) => {
      const p = `model.layers.${i}`;
      const h = norm(x, `${p}.input_layernorm`);
      if (cache.attention) {
        const pkv = past[i]!;
        if (cache.fused) {
          x = g.op1('Add', [x, fusedAttention(g, h, p, hidden, heads, headDim, maskBiases, pkv.fused!, presents, i).out]);
        } else {
          const attn = attention(g, h, `${p}.self_attn`, { hidden, heads, kvHeads, headDim, bias: quirks.style === 'gpt', maskBiases, rope, past: { key: pkv.key!, value: pkv.value! } });
          const kvDims = ['batch_size', kvHeads, 'total_sequence_length', headDim];
          presents.push({ value: attn.key, name: `present.${i}.key`, dims: kvDims, elem: 'float32' });
          presents.push({ value: attn.value, name: `present.${i}.value`, dims: kvDims, elem: 'float32' });
          x = g.op1('Add', [x, attn.out]);
        }
      }
      for (const state of cache.convStates) {
        curMask ??= currentTokenMask(g, ids, mask);
        const conv = causalConv(g, g.op1('Mul', [h, curMask]), `${p}.${state.replace(/^past_conv\.\d+\.?/, 'conv')}`, hidden, state);
        presents.push({ value: conv.state, name: presentName(state), dims: ['batch_size', hidden, CONV_KERNEL - 1], elem: 'float32' });
        x = g.op1('Add', [x, conv.out]);
      }
      for (const state of [...cache.passStates, ...cache.kvExtras]) {
        presents.push({ value: g.op1('Identity', [state]), name: presentName(state), dims: ['batch_size', ...PASS_STATE_DIMS], elem: 'float32' });
      }
      const ff = mlp(g, norm(x, `${p}.post_attention_layernorm`), `${p}.mlp`, { hidden, intermediate, activation: quirks.activation, gated: quirks.style === 'llama' });
      x = g.op1('Add', [x, ff]);
    });
    x = norm(x, 'model.norm');
    if (withHead) {
      const logits = eosSuppressedLogits(g, x, 'lm_head', hidden, vocab, tok.eosTokenId, tied ? 'model.embed_tokens.weight' : undefined);
      g.output(logits, 'logits', 'float32', ['batch_size', 'sequence_length', vocab]);
    } else {
      g.output(x, 'last_hidden_state', 'float32', ['batch_size', 'sequence_length', hidden]);
    }
    for (const pr of presents) g.output(pr.value, pr.name, pr.elem, pr.dims);

    const textConfig = {
      model_type: textModel ?? ctx.entry.family,
      ...dimensionKeys(hidden, layers, heads, kvHeads, headDim, intermediate, ctx.size.maxPositions),
      vocab_size: vocab,
      ...specialTokenIds(tok),
      tie_word_embeddings: false,
      use_cache: true,
      ...extraConfig,
    };
    const config = { ...textConfig, model_type: ctx.entry.family, architectures: [ctx.task.modelClass], ...(textModel ? { text_config: textConfig } : {}) };
    const generation = specialTokenIds(tok);
    const folder: ForgedFolder = {
      'config.json': json(config),
      'generation_config.json': json(generation),
      ...tok.files,
      'onnx/model.onnx': g.graph(),
    };
    return realConfigFolder(folder, ctx);
  },
};

/** Every key name transformers.js's normalized config reads for layers / heads / hidden, across families. */
function dimensionKeys(hidden: number, layers: number, heads: number, kvHeads: number, headDim: number, intermediate: number, maxPositions: number) {
  return {
    hidden_size: hidden,
    n_embd: hidden,
    d_model: hidden,
    num_hidden_layers: layers,
    n_layer: layers,
    n_layers: layers,
    num_layers: layers,
    num_transformer_layers: layers,
    num_attention_heads: heads,
    n_head: heads,
    n_heads: heads,
    num_heads: heads,
    num_key_value_heads: kvHeads,
    num_kv_heads: kvHeads,
    head_dim: headDim,
    qk_head_dim: headDim,
    intermediate_size: intermediate,
    max_position_embeddings: maxPositions,
    n_positions: maxPositions,
  };
}

function pickLayerTypes(real: Record<string, unknown> | undefined): Record<string, unknown> {
  if (!real) return {};
  const out: Record<string, unknown> = {};
  for (const key of ['layer_types', 'layers_block_type']) if (Array.isArray(real[key])) out[key] = real[key];
  return out;
}

/** Declares a layer's past inputs; returns the names attention uses. */
function declarePast(g: GraphBuilder, cache: LayerCache, i: number, kvHeads: number, headDim: number, hidden: number): { key?: string; value?: string; fused?: string } {
  for (const state of cache.convStates) g.input(state, 'float32', ['batch_size', hidden, CONV_KERNEL - 1]);
  for (const state of [...cache.passStates, ...cache.kvExtras]) g.input(state, 'float32', ['batch_size', ...PASS_STATE_DIMS]);
  if (!cache.attention) return {};
  if (cache.fused) return { fused: g.input(`past_key_values.${i}.key_value`, 'float32', ['batch_size', 'past_sequence_length', 2 * headDim]) };
  const dims = ['batch_size', kvHeads, 'past_sequence_length', headDim];
  return { key: g.input(`past_key_values.${i}.key`, 'float32', dims), value: g.input(`past_key_values.${i}.value`, 'float32', dims) };
}

/**
 * Multi-query attention with a fused cache [b, t, 2·d] (gpt_bigcode): one shared key/value head.
 * Pushes present.N.key_value.
 */
function fusedAttention(
  g: GraphBuilder,
  x: string,
  p: string,
  hidden: number,
  heads: number,
  headDim: number,
  maskBiases: string[],
  pastKv: string,
  presents: Array<{ value: string; name: string; dims: (number | string)[]; elem: 'float32' }>,
  i: number,
): { out: string } {
  const q = g.op1('Transpose', [g.op1('Reshape', [linear(g, x, `${p}.attn.q_proj`, hidden, hidden), g.constInt64([0, 0, heads, headDim])])], { perm: [0, 2, 1, 3] });
  const kvNew = linear(g, x, `${p}.attn.kv_proj`, hidden, 2 * headDim);
  const kv = g.op1('Concat', [pastKv, kvNew], { axis: 1 });
  presents.push({ value: kv, name: `present.${i}.key_value`, dims: ['batch_size', 'total_sequence_length', 2 * headDim], elem: 'float32' });
  const [k, v] = g.op('Split', [kv, g.constInt64([headDim, headDim])], { axis: -1 }, { outputs: 2 });
  const k4 = g.op1('Unsqueeze', [k!, g.constInt64([1])]);
  const v4 = g.op1('Unsqueeze', [v!, g.constInt64([1])]);
  let scores = g.op1('MatMul', [q, g.op1('Transpose', [k4], { perm: [0, 1, 3, 2] })]);
  scores = g.op1('Mul', [scores, g.constFloat(1 / Math.sqrt(headDim), [])]);
  for (const m of maskBiases) scores = g.op1('Add', [scores, m]);
  const ctx = g.op1('MatMul', [g.op1('Softmax', [scores], { axis: -1 }), v4]);
  const merged = g.op1('Reshape', [g.op1('Transpose', [ctx], { perm: [0, 2, 1, 3] }), g.constInt64([0, 0, hidden])]);
  return { out: linear(g, merged, `${p}.attn.o_proj`, hidden, hidden) };
}

/** attention_mask of the current tokens as float [b,s,1], so padding feeds zeros into conv states (as HF does). */
function currentTokenMask(g: GraphBuilder, ids: string, mask: string): string {
  const s = g.op1('Slice', [g.op1('Shape', [ids]), g.constInt64([1]), g.constInt64([2]), g.constInt64([0])]);
  const current = g.op1('Slice', [mask, g.op1('Neg', [s]), g.constInt64([2 ** 62]), g.constInt64([1])]);
  return g.op1('Unsqueeze', [g.op1('Cast', [current], { to: 1 }), g.constInt64([-1])]);
}

/**
 * Depthwise causal conv (kernel 3) over time with a cached state of the last 2 inputs:
 * x [b,s,C], state [b,C,2] → out [b,s,C], new state [b,C,2].
 */
function causalConv(g: GraphBuilder, x: string, prefix: string, channels: number, state: string): { out: string; state: string } {
  const xt = g.op1('Transpose', [x], { perm: [0, 2, 1] });
  const full = g.op1('Concat', [state, xt], { axis: 2 });
  const w = g.weight(`${prefix}.weight`, [channels, 1, CONV_KERNEL], { std: 0.5 });
  const conv = g.op1('Conv', [full, w], { kernel_shape: [CONV_KERNEL], group: channels });
  const newState = g.op1('Slice', [full, g.constInt64([-(CONV_KERNEL - 1)]), g.constInt64([2 ** 62]), g.constInt64([2])]);
  return { out: g.op1('Transpose', [conv], { perm: [0, 2, 1] }), state: newState };
}

export type { DecoderQuirks };
