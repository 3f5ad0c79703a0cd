import type { SizePreset } from '../contracts/contract.js';

/**
 * A LLaMA-style decoder's dimensions under the config keys transformers.js reads
 * (vocab_size … intermediate_size, head_dim = hidden / heads), in that key order.
 */
export function decoderDimsConfig(vocab: number, size: Pick<SizePreset, 'hidden' | 'layers' | 'heads' | 'kvHeads' | 'intermediate'>) {
  return {
    vocab_size: vocab,
    hidden_size: size.hidden,
    num_hidden_layers: size.layers,
    num_attention_heads: size.heads,
    num_key_value_heads: size.kvHeads,
    head_dim: size.hidden / size.heads,
    intermediate_size: size.intermediate,
  };
}
