import type { ForgeContext } from '../contracts/contract.js';
import type { TowerSpec } from './dual-towers.js';
import { intAt } from '../config/real-dims.js';

/**
 * A CLIP-style tower's dimensions: the real config's hidden_size / num_hidden_layers /
 * num_attention_heads / intermediate_size / projection_dim where `--config` gave one, else the size preset
 * (projection 16).
 */
export function towerSpecFromConfig(ctx: Pick<ForgeContext, 'realConfig' | 'size'>): TowerSpec {
  const real = ctx.realConfig;
  return {
    hidden: intAt(real, 'hidden_size') ?? ctx.size.hidden,
    layers: intAt(real, 'num_hidden_layers') ?? ctx.size.layers,
    heads: intAt(real, 'num_attention_heads') ?? ctx.size.heads,
    intermediate: intAt(real, 'intermediate_size') ?? ctx.size.intermediate,
    projection: intAt(real, 'projection_dim') ?? 16,
  };
}
