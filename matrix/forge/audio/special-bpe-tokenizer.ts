/**
 * A byte-level BPE tokenizer (256 byte tokens + a few merges) with extra plain vocabulary tokens
 * and special tokens appended, for speech models whose processors look tokens up by name
 * (Cohere ASR's decoder prompt).
 */
import type { ForgedFolder } from '../forged-folder.js';
import { json } from '../tokenizer-files.js';
import { bytesToUnicode } from '../bytes-to-unicode.js';
import { addedToken } from '../added-token.js';

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
  const tokenizer = {
    version: '1.0',
    truncation: null,
    padding: null,
    added_tokens: specials.map((content) => addedToken(ids[content]!, content)),
    normalizer: null,
    pre_tokenizer: { type: 'ByteLevel', add_prefix_space: false, trim_offsets: true, use_regex: true },
    post_processor: null,
    decoder: { type: 'ByteLevel', add_prefix_space: true, trim_offsets: true, use_regex: true },
    model: { type: 'BPE', dropout: null, unk_token: null, continuing_subword_prefix: '', end_of_word_suffix: '', fuse_unk: false, byte_fallback: false, ignore_merges: false, vocab, merges: MERGES.map(([a, b]) => `${a} ${b}`) },
  };
  return { vocabSize: base.length + specials.length, ids, files: { 'tokenizer.json': json(tokenizer), 'tokenizer_config.json': json(config) } };
}
