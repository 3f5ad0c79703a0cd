/** Per-family quirks of text encoder-decoder models (transformers.js normalized-config keys, positions, blocks). */
export interface Seq2SeqQuirks {
  /** Absolute learned positions (BART family) or none (T5's relative bias is left out). */
  positions: 'learned' | 'none';
  style: 't5' | 'bart';
}

export const SEQ2SEQ_FAMILIES: Readonly<Record<string, Readonly<Seq2SeqQuirks>>> = Object.freeze({
  t5: { positions: 'none', style: 't5' },
  mt5: { positions: 'none', style: 't5' },
  longt5: { positions: 'none', style: 't5' },
  bart: { positions: 'learned', style: 'bart' },
  mbart: { positions: 'learned', style: 'bart' },
  marian: { positions: 'learned', style: 'bart' },
  m2m_100: { positions: 'learned', style: 'bart' },
  blenderbot: { positions: 'learned', style: 'bart' },
  'blenderbot-small': { positions: 'learned', style: 'bart' },
});
