import { addedToken } from './added-token.js';

export interface ByteLevelBpeJsonOptions {
  /** Byte tokens, merges and plain tokens → id. */
  vocab: Record<string, number>;
  merges: readonly [string, string][];
  /** Special tokens, written as added_tokens with their id from `ids`. */
  specials: readonly string[];
  ids: Record<string, number>;
  postProcessor: unknown;
}

/** A byte-level BPE tokenizer.json (GPT-2 style, empty subword affixes) for the speech tokenizers. */
export function byteLevelBpeJson(o: ByteLevelBpeJsonOptions) {
  return {
    version: '1.0',
    truncation: null,
    padding: null,
    added_tokens: o.specials.map((content) => addedToken(o.ids[content]!, content)),
    normalizer: null,
    pre_tokenizer: { type: 'ByteLevel', add_prefix_space: false, trim_offsets: true, use_regex: true },
    post_processor: o.postProcessor,
    decoder: { type: 'ByteLevel', add_prefix_space: true, trim_offsets: true, use_regex: true },
    model: { type: 'BPE', dropout: null, unk_token: null, continuing_subword_prefix: '', end_of_word_suffix: '', fuse_unk: false, byte_fallback: false, ignore_merges: false, vocab: o.vocab, merges: o.merges.map(([a, b]) => `${a} ${b}`) },
  };
}
