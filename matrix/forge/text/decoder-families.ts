/**
 * Per-family quirks of decoder-only (causal LM) models: block style and cache layout, as
 * transformers.js 4.3.1's getNormalizedConfig / getCacheNames expect them. Families absent here
 * are LLaMA-style (RMSNorm, gated SiLU MLP, RoPE, grouped KV heads, plain key/value cache).
 */
export type DecoderStyle = 'llama' | 'gpt';
export type Positions = 'rope' | 'learned' | 'none';
/**
 * Cache layouts: `kv` = past_key_values.N.key|value; `fused-kv` = past_key_values.N.key_value
 * (multi_query); `lfm2` = conv layers with past_conv.N; `mamba-hybrid` = past_conv.N + past_ssm.N
 * on mamba layers; `linear-attention` = past_conv.N + past_recurrent.N on linear layers;
 * `olmo-hybrid` = past_conv.N.key|value|query + past_recurrent.N; `zaya` = kv + conv_state + shift_state.
 */
export type CacheLayout = 'kv' | 'fused-kv' | 'lfm2' | 'mamba-hybrid' | 'linear-attention' | 'olmo-hybrid' | 'zaya';

export interface DecoderQuirks {
  style: DecoderStyle;
  positions: Positions;
  activation: 'gelu' | 'silu' | 'relu' | 'gelu_tanh';
  /** Grouped KV heads (kvHeads < heads) as the family's real checkpoints use. */
  grouped: boolean;
  cache: CacheLayout;
  /** Why the causal-lm contract cannot forge this family (then it is listed as not forged). */
  unsupported?: string;
  /** Extra config.json keys the family's transformers.js code reads. */
  config?: Readonly<Record<string, unknown>>;
}

export const DECODER_DEFAULTS: DecoderQuirks = Object.freeze({ style: 'llama', positions: 'rope', activation: 'silu', grouped: true, cache: 'kv' });

const GPT = { style: 'gpt', grouped: false, activation: 'gelu' } as const;

export const DECODER_FAMILIES: Readonly<Record<string, Readonly<Partial<DecoderQuirks>>>> = Object.freeze({
  gpt2: { ...GPT, positions: 'learned' },
  gpt_neo: { ...GPT, positions: 'learned' },
  jais: { ...GPT, positions: 'none' },
  opt: { ...GPT, positions: 'learned', activation: 'relu' },
  bloom: { ...GPT, positions: 'none' },
  mpt: { ...GPT, positions: 'none' },
  gpt_bigcode: { ...GPT, positions: 'learned', cache: 'fused-kv', config: { multi_query: true } },
  gptj: { ...GPT },
  codegen: { ...GPT },
  gpt_neox: { ...GPT },
  falcon: { ...GPT },
  stablelm: { ...GPT },
  phi: { ...GPT, activation: 'gelu_tanh' },
  'modernbert-decoder': { ...GPT },
  starcoder2: { ...GPT, grouped: true, activation: 'gelu_tanh' },
  trocr: {
    unsupported:
      "TrOCRForCausalLM: trocr's normalized config has only encoder-decoder keys, so transformers.js names no cache for it while generation feeds one token per step; it runs as the decoder of vision-encoder-decoder",
  },
  deepseek_v4: { config: { layer_types: ['sliding_attention', 'sliding_attention'] } },
  phi3_v: {
    unsupported:
      'Phi3VForCausalLM is multi-session (prepare_inputs_embeds.onnx + vision_encoder.onnx + model.onnx): a vision-language contract, not causal-lm',
  },
  qwen3_5_text: {
    unsupported:
      'Qwen3_5ForCausalLM extends Qwen3VLForConditionalGeneration: multi-session (embed_tokens + vision_encoder + decoder) with 3-D mrope position_ids from vision_config',
  },
  gemma: { activation: 'gelu_tanh' },
  gemma2: { activation: 'gelu_tanh' },
  gemma3_text: { activation: 'gelu_tanh' },
  vaultgemma: { activation: 'gelu_tanh' },
  lfm2: { cache: 'lfm2', config: { layer_types: ['conv', 'full_attention'] } },
  lfm2_moe: { cache: 'lfm2', config: { layer_types: ['conv', 'full_attention'] } },
  granitemoehybrid: { cache: 'mamba-hybrid', config: { layer_types: ['mamba', 'attention'] } },
  nemotron_h: { cache: 'mamba-hybrid', config: { layers_block_type: ['mamba', 'attention'] } },
  falcon_h1: { cache: 'mamba-hybrid' },
  qwen3_next: { cache: 'linear-attention', config: { layer_types: ['linear_attention', 'full_attention'] } },
  olmo_hybrid: { cache: 'olmo-hybrid', config: { layer_types: ['linear_attention', 'full_attention'] } },
  zaya: { cache: 'zaya', config: { cca_time1: 1 } },
});

/** The quirks of one family (defaults filled in). */
export function decoderQuirks(family: string): DecoderQuirks {
  return { ...DECODER_DEFAULTS, ...DECODER_FAMILIES[family] };
}
