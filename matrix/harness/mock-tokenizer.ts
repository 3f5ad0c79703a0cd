/**
 * The mock's tokenizer: words hash to ids in a small vocabulary, with BERT-like special tokens.
 * Deterministic, pads left or right, supports pairs and `[MASK]`.
 */
import { Tensor } from '@huggingface/transformers';
import type { ModelInputs, TokenizeOptions } from './model-api.js';

export const MOCK_VOCAB_SIZE = 64;
export const MOCK_TOKENS = { pad: 0, eos: 1, cls: 2, mask: 3 } as const;
const FIRST_WORD_ID = 4;

/** Tokenizes like a real tokenizer would shape it: `input_ids`, `attention_mask`, `token_type_ids` (int64). */
export function mockTokenize(texts: string[], options: TokenizeOptions): ModelInputs {
  const rows = texts.map((text, i) => {
    const special = options.addSpecialTokens ?? true;
    const first = special ? [MOCK_TOKENS.cls, ...words(text), MOCK_TOKENS.eos] : words(text);
    const pair = options.pairs?.[i];
    const second = pair === undefined ? [] : special ? [...words(pair), MOCK_TOKENS.eos] : words(pair);
    return { ids: [...first, ...second], types: [...first.map(() => 0), ...second.map(() => 1)] };
  });
  const longest = Math.max(...rows.map((r) => r.ids.length));
  const length = options.padTo ?? longest;
  const left = options.paddingSide === 'left';
  const ids: bigint[] = [];
  const mask: bigint[] = [];
  const types: bigint[] = [];
  for (const row of rows) {
    const cut = row.ids.slice(0, length);
    const pad = length - cut.length;
    const padded = (values: number[], fill: number) =>
      left ? [...Array<number>(pad).fill(fill), ...values] : [...values, ...Array<number>(pad).fill(fill)];
    ids.push(...padded(cut, MOCK_TOKENS.pad).map(BigInt));
    mask.push(...padded(cut.map(() => 1), 0).map(BigInt));
    types.push(...padded(row.types.slice(0, length), 0).map(BigInt));
  }
  const dims = [rows.length, length];
  return {
    input_ids: new Tensor('int64', BigInt64Array.from(ids), dims),
    attention_mask: new Tensor('int64', BigInt64Array.from(mask), dims),
    token_type_ids: new Tensor('int64', BigInt64Array.from(types), dims),
  };
}

/** Mock detokenization: `w<id>` words, special tokens dropped. */
export function mockDecode(ids: number[][]): string[] {
  return ids.map((row) => row.filter((id) => id >= FIRST_WORD_ID).map((id) => `w${id}`).join(' '));
}

function words(text: string): number[] {
  return (text.match(/\[MASK\]|[\p{L}\p{N}]+|[^\s\p{L}\p{N}]/gu) ?? []).map((w) =>
    w === '[MASK]' ? MOCK_TOKENS.mask : FIRST_WORD_ID + (hash(w.toLowerCase()) % (MOCK_VOCAB_SIZE - FIRST_WORD_ID)),
  );
}

function hash(s: string): number {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619) >>> 0;
  return h;
}
