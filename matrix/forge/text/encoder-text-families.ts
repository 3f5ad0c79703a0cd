/**
 * Per-family quirks of encoder text models, as their transformers.js ONNX exports declare them.
 * Families absent here use ENCODER_DEFAULTS.
 */
export interface EncoderFamilyQuirks {
  /** The graph declares `token_type_ids` (transformers.js sends it only when declared). */
  tokenTypeIds: boolean;
  /** Rotary positions instead of learned absolute position embeddings. */
  rope: boolean;
  activation: 'gelu' | 'silu' | 'relu';
}

export const ENCODER_DEFAULTS: EncoderFamilyQuirks = Object.freeze({ tokenTypeIds: false, rope: false, activation: 'gelu' });

export const ENCODER_FAMILIES: Readonly<Record<string, Readonly<Partial<EncoderFamilyQuirks>>>> = Object.freeze({
  albert: { tokenTypeIds: true },
  bert: { tokenTypeIds: true },
  convbert: { tokenTypeIds: true },
  deberta: { tokenTypeIds: true },
  'deberta-v2': { tokenTypeIds: true },
  electra: { tokenTypeIds: true },
  mobilebert: { tokenTypeIds: true, activation: 'relu' },
  nomic_bert: { tokenTypeIds: true, rope: true, activation: 'silu' },
  roformer: { tokenTypeIds: true, rope: true },
  squeezebert: { tokenTypeIds: true },
  eurobert: { rope: true, activation: 'silu' },
  modernbert: { rope: true },
  neobert: { rope: true, activation: 'silu' },
  esm: { rope: true },
});

/** The quirks of one family (defaults filled in). */
export function encoderQuirks(family: string): EncoderFamilyQuirks {
  return { ...ENCODER_DEFAULTS, ...ENCODER_FAMILIES[family] };
}
