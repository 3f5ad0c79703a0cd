/**
 * What each decoder layer caches, by cache layout: the graph's past inputs / present outputs
 * per layer, and which layers attend (kv) versus mix tokens with a short causal conv (conv state)
 * and carry a fixed-size recurrent state (ssm / recurrent, passed through unchanged).
 */
import type { CacheLayout } from './decoder-families.js';

export interface LayerCache {
  /** The layer attends with a key/value cache. */
  attention: boolean;
  /** Fused `key_value` cache (multi_query) instead of separate key/value. */
  fused: boolean;
  /** Conv-state names (present side is derived) for a causal token-mixing conv; empty when none. */
  convStates: string[];
  /** Fixed-size states carried through unchanged (ssm / recurrent). */
  passStates: string[];
  /** Extra per-layer states next to a kv cache (zaya: conv_state, shift_state), carried through. */
  kvExtras: string[];
}

/** Per-layer cache of `layers` layers under a layout; `layerTypes` is what config.json says. */
export function layerCaches(layout: CacheLayout, layers: number, layerTypes: readonly string[] | undefined): LayerCache[] {
  return Array.from({ length: layers }, (_, i): LayerCache => {
    const type = layerTypes?.[i % layerTypes.length];
    const base: LayerCache = { attention: true, fused: false, convStates: [], passStates: [], kvExtras: [] };
    switch (layout) {
      case 'kv':
        return base;
      case 'fused-kv':
        return { ...base, fused: true };
      case 'lfm2':
        return type === 'conv' ? { ...base, attention: false, convStates: [`past_conv.${i}`] } : base;
      case 'mamba-hybrid':
        if (!layerTypes) return { ...base, convStates: [`past_conv.${i}`], passStates: [`past_ssm.${i}`] };
        return type === 'mamba' ? { ...base, attention: false, convStates: [`past_conv.${i}`], passStates: [`past_ssm.${i}`] } : base;
      case 'linear-attention':
        return type === 'linear_attention' ? { ...base, attention: false, convStates: [`past_conv.${i}`], passStates: [`past_recurrent.${i}`] } : base;
      case 'olmo-hybrid':
        return type === 'linear_attention'
          ? { ...base, attention: false, convStates: [`past_conv.${i}.key`, `past_conv.${i}.value`, `past_conv.${i}.query`], passStates: [`past_recurrent.${i}`] }
          : base;
      case 'zaya':
        return { ...base, kvExtras: [`past_key_values.${i}.conv_state`, `past_key_values.${i}.shift_state`] };
    }
  });
}

/** `past_conv.0` → `present_conv.0`; `past_key_values.0.key` → `present.0.key` (the inverse of transformers.js's rename). */
export function presentName(pastName: string): string {
  return pastName.startsWith('past_key_values') ? pastName.replace('past_key_values', 'present') : pastName.replace(/^past_/, 'present_');
}
