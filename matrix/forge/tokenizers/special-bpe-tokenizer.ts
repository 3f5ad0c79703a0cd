/**
 * A byte-level BPE tokenizer (256 byte tokens + a few merges) with extra plain vocabulary tokens
 * and special tokens appended, for speech models whose processors look tokens up by name
 * (Cohere ASR's decoder prompt).
 */
import type { ForgedFolder } from '../contracts/forged-folder.js';
import { json } from './tokenizer-files.js';
import { bytesToUnicode } from './bytes-to-unicode.js';
import { byteLevelBpeJson } from './byte-level-bpe-json.js';

export interface SpecialBpeTokenizer {
  vocabSize: number;
  ids: Record<string, number>;
  files: ForgedFolder;
}

const MERGES: [string, string][] = [['Ġ', 't'], ['h', 'e'], ['Ġt', 'he'], ['i', 'n'], ['Ġ', 'a'], ['e', 'r']];

export function specialBpeTokenizer(extraTokens: string[], specials: string[], config: Record<string, unknown>): SpecialBpeTokenizer {
  const base = [...bytesToUnicode(), ...MERGES.map(([a, b]) => a + b), ...extraTokens];
  const vocab = Object.fromEntries(base.map((t, i) => [t, i]));
  const ids: Record<string, number> = { ...vocab };
  specials.forEach((t, i) => (ids[t] = base.length + i));
  const tokenizer = byteLevelBpeJson({ vocab, merges: MERGES, specials, ids, postProcessor: null });
  return { vocabSize: base.length + specials.length, ids, files: { 'tokenizer.json': json(tokenizer), 'tokenizer_config.json': json(config) } };
}
