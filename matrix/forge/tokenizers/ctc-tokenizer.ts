/**
 * A Wav2Vec2 CTC tokenizer: a plain vocabulary model (no `type`, as real Wav2Vec2 exports have)
 * of upper-case letters with `|` as word delimiter, and the CTC decoder that collapses repeats,
 * drops `<pad>` (the blank) and turns `|` into spaces.
 */
import type { ForgedFolder } from '../contracts/forged-folder.js';
import { json } from './tokenizer-files.js';

export interface CtcTokenizer {
  vocabSize: number;
  padTokenId: number;
  files: ForgedFolder;
}

const SPECIALS = ['<pad>', '<s>', '</s>', '<unk>'];

export function ctcTokenizer(): CtcTokenizer {
  const tokens = [...SPECIALS, '|', ...'ETAONIHSRDLUMWCFGYPBVK\'XJQZ'.split('')];
  const vocab = Object.fromEntries(tokens.map((t, i) => [t, i]));
  const added = SPECIALS.map((content, id) => ({ id, content, single_word: false, lstrip: true, rstrip: true, normalized: false, special: true }));
  const tokenizer = {
    version: '1.0',
    truncation: null,
    padding: null,
    added_tokens: added,
    normalizer: null,
    pre_tokenizer: null,
    post_processor: null,
    decoder: { type: 'CTC', pad_token: '<pad>', word_delimiter_token: '|', cleanup: true },
    model: { vocab },
  };
  const config = {
    tokenizer_class: 'Wav2Vec2CTCTokenizer',
    bos_token: '<s>',
    eos_token: '</s>',
    pad_token: '<pad>',
    unk_token: '<unk>',
    word_delimiter_token: '|',
    do_lower_case: false,
    clean_up_tokenization_spaces: true,
  };
  return { vocabSize: tokens.length, padTokenId: 0, files: { 'tokenizer.json': json(tokenizer), 'tokenizer_config.json': json(config) } };
}
