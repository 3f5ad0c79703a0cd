/**
 * What `matrix forge --config` approximates for a decoder's real config.json, as warnings: the forged
 * graph keeps the dimensions (layers, hidden, GQA heads, head_dim, vocabulary, tied embeddings, RoPE with
 * its scaling), but not every mechanism. Each line says what the graph does instead.
 */
import { ropeParameters } from './rope-parameters.js';

export function configApproximations(config: Record<string, unknown>, headDim: number): string[] {
  const warnings: string[] = ['weights are random: outputs are meaningless, sizes and speed are real'];
  const window = config.sliding_window;
  const layerTypes = Array.isArray(config.layer_types) ? (config.layer_types as unknown[]) : [];
  const slidingLayers = layerTypes.filter((t) => t === 'sliding_attention').length;
  if (typeof window === 'number' && config.use_sliding_window !== false) {
    const which = slidingLayers > 0 ? `${slidingLayers} of ${layerTypes.length} layers` : 'every layer';
    warnings.push(`sliding_window ${window} (${which}) is not applied: full causal attention, identical for sequences up to ${window} tokens`);
  }
  const partial = typeof config.partial_rotary_factor === 'number' ? config.partial_rotary_factor : 1;
  warnings.push(...ropeParameters(config, Math.round(headDim * partial) - (Math.round(headDim * partial) % 2)).approximated);
  if (partial !== 1) warnings.push(`partial_rotary_factor ${partial} is not applied: RoPE rotates the whole head`);
  for (const key of ['num_experts', 'num_local_experts', 'n_routed_experts']) {
    if (typeof config[key] === 'number') warnings.push(`${key} ${String(config[key])}: a dense MLP of intermediate_size instead of the experts`);
  }
  for (const key of ['attn_logit_softcapping', 'final_logit_softcapping']) {
    if (typeof config[key] === 'number') warnings.push(`${key} ${String(config[key])} is not applied`);
  }
  if (config.attention_bias === true) warnings.push('attention_bias is not applied: q/k/v/o projections without bias');
  return warnings;
}
