/**
 * RoPE inverse frequencies and the cos/sin scale a real config.json states, as Hugging Face's
 * `modeling_rope_utils` computes them: `rope_theta`, `partial_rotary_factor` and `rope_scaling`
 * (`rope_type`/`type`: default, `linear`, `llama3`, `yarn`). Other scaling types fall back to plain
 * RoPE and say so in `approximated`.
 */

export interface RopeParameters {
  /** rotaryDim / 2 inverse frequencies. */
  invFreq: number[];
  /** Multiplier of cos and sin (yarn's attention factor; 1 otherwise). */
  attentionScale: number;
  /** What was not reproduced, for the forge's warnings (empty when exact). */
  approximated: string[];
}

const num = (v: unknown, fallback: number): number => (typeof v === 'number' && Number.isFinite(v) ? v : fallback);

/** RoPE parameters for `rotaryDim` channels under `config` (theta 10000 and no scaling by default). */
export function ropeParameters(config: Record<string, unknown> | undefined, rotaryDim: number): RopeParameters {
  const theta = num(config?.rope_theta, 10000);
  const base = Array.from({ length: rotaryDim / 2 }, (_, i) => 1 / theta ** ((2 * i) / rotaryDim));
  const scaling = config?.rope_scaling as Record<string, unknown> | null | undefined;
  const type = String(scaling?.rope_type ?? scaling?.type ?? 'default');
  const factor = num(scaling?.factor, 1);
  const maxPositions = num(config?.max_position_embeddings, 2048);
  switch (type) {
    case 'default':
      return { invFreq: base, attentionScale: 1, approximated: [] };
    case 'linear':
      return { invFreq: base.map((f) => f / factor), attentionScale: 1, approximated: [] };
    case 'llama3': {
      const low = num(scaling?.low_freq_factor, 1);
      const high = num(scaling?.high_freq_factor, 4);
      const original = num(scaling?.original_max_position_embeddings, 8192);
      const lowWavelen = original / low;
      const highWavelen = original / high;
      const invFreq = base.map((f) => {
        const wavelen = (2 * Math.PI) / f;
        if (wavelen < highWavelen) return f;
        if (wavelen > lowWavelen) return f / factor;
        const smooth = (original / wavelen - low) / (high - low);
        return (1 - smooth) * (f / factor) + smooth * f;
      });
      return { invFreq, attentionScale: 1, approximated: [] };
    }
    case 'yarn': {
      const original = num(scaling?.original_max_position_embeddings, maxPositions);
      const betaFast = num(scaling?.beta_fast, 32);
      const betaSlow = num(scaling?.beta_slow, 1);
      const correction = (rotations: number) => (rotaryDim * Math.log(original / (rotations * 2 * Math.PI))) / (2 * Math.log(theta));
      const lowDim = Math.max(Math.floor(correction(betaFast)), 0);
      let highDim = Math.min(Math.ceil(correction(betaSlow)), rotaryDim - 1);
      if (lowDim === highDim) highDim += 0.001;
      const invFreq = base.map((f, i) => {
        const ramp = Math.min(1, Math.max(0, (i - lowDim) / (highDim - lowDim)));
        const extrapolation = 1 - ramp;
        return (f / factor) * (1 - extrapolation) + f * extrapolation;
      });
      const attentionScale = num(scaling?.attention_factor, factor > 1 ? 0.1 * Math.log(factor) + 1 : 1);
      return { invFreq, attentionScale, approximated: [] };
    }
    default:
      return { invFreq: base, attentionScale: 1, approximated: [`rope_scaling type "${type}" is not reproduced: plain RoPE with rope_theta ${theta} (known: linear, llama3, yarn)`] };
  }
}
