/**
 * The size preset a real config.json states (layers, hidden, heads, KV heads, head dim,
 * intermediate, vocabulary, positions), under the key names text families use.
 */
import type { SizePreset } from '../contracts/contract.js';
import { BadConfigError } from '../errors.js';

function intAt(config: Record<string, unknown>, keys: readonly string[]): number | undefined {
  for (const key of keys) {
    const value = config[key];
    if (typeof value === 'number' && Number.isInteger(value) && value > 0) return value;
  }
  return undefined;
}

/** Reads the dimensions; throws BadConfigError naming the keys it looked for when one is missing. */
export function sizeFromConfig(config: Record<string, unknown>, path = 'config.json'): SizePreset {
  const need = (what: string, keys: readonly string[]): number => {
    const value = intAt(config, keys);
    if (value === undefined) throw new BadConfigError(path, `states no ${what} (looked for ${keys.join(', ')})`);
    return value;
  };
  const hidden = need('hidden size', ['hidden_size', 'n_embd', 'd_model', 'dim']);
  const heads = need('attention heads', ['num_attention_heads', 'n_head', 'n_heads', 'num_heads']);
  const headDim = intAt(config, ['head_dim']);
  return {
    name: 'real',
    hidden,
    layers: need('layer count', ['num_hidden_layers', 'n_layer', 'n_layers', 'num_layers']),
    heads,
    kvHeads: intAt(config, ['num_key_value_heads', 'num_kv_heads']) ?? heads,
    intermediate: intAt(config, ['intermediate_size', 'n_inner', 'ffn_dim', 'hidden_dim']) ?? 4 * hidden,
    ...(headDim && headDim * heads !== hidden ? { headDim } : {}),
    // Vision and audio configs state no vocabulary; text contracts fall back to their tokenizer's size.
    ...(intAt(config, ['vocab_size']) ? { vocab: intAt(config, ['vocab_size']) } : {}),
    maxPositions: intAt(config, ['max_position_embeddings', 'n_positions']) ?? 512,
    ...(intAt(config, ['image_size']) ? { imageSize: intAt(config, ['image_size']) } : {}),
  };
}
