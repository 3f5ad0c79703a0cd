/**
 * The three tokenizers MgpstrProcessor decodes with, offline: the character tokenizer in the model
 * folder, and stand-ins for the two Hub tokenizers the class loads by name (`Xenova/gpt2` for BPE,
 * `Xenova/bert-base-uncased` for WordPiece) under `hub/`, with vocabularies the size of the forged
 * heads. Point transformers.js's `env.localModelPath` at `<folder>/hub` before
 * `AutoProcessor.from_pretrained(folder)` (with `env.allowRemoteModels = false`).
 */
import type { ForgedFolder } from '../contracts/forged-folder.js';
import { json } from './tokenizer-files.js';
import { addedToken } from './added-token.js';

/** Folder (inside the forged model) that `env.localModelPath` must point to. */
export const MGP_STR_HUB_DIR = 'hub';

/** A word-level tokenizer over `tokens` (id = position); specials are marked special. */
function wordLevel(tokens: readonly string[], specials: readonly string[], tokenizerClass: string): ForgedFolder {
  const vocab = Object.fromEntries(tokens.map((t, i) => [t, i]));
  const tokenizer = {
    version: '1.0',
    truncation: null,
    padding: null,
    added_tokens: specials.map((content) => addedToken(vocab[content]!, content)),
    normalizer: null,
    pre_tokenizer: { type: 'Split', pattern: { String: '' }, behavior: 'Isolated', invert: false },
    post_processor: null,
    decoder: null,
    model: { type: 'WordLevel', vocab, unk_token: specials[0] },
  };
  return { 'tokenizer.json': json(tokenizer), 'tokenizer_config.json': json({ tokenizer_class: tokenizerClass, model_max_length: 64, unk_token: specials[0] }) };
}

const CHARS = '0123456789abcdefghijklmnopqrstuvwxyz'.split('');

/** Tokenizer files for a forged MGP-STR folder with heads of the given vocabulary sizes. */
export function mgpStrTokenizerFiles(sizes: { charVocab: number; bpeVocab: number; wpVocab: number }): ForgedFolder {
  const charTokens = ['[GO]', '[s]', ...CHARS].slice(0, sizes.charVocab);
  const pieces = (n: number, specials: string[]) => [...specials, ...Array.from({ length: n - specials.length }, (_, i) => CHARS[i % CHARS.length]!.repeat(1 + Math.floor(i / CHARS.length)))];
  const prefixed = (folder: ForgedFolder, dir: string) => Object.fromEntries(Object.entries(folder).map(([k, v]) => [`${MGP_STR_HUB_DIR}/${dir}/${k}`, v]));
  return {
    ...wordLevel(charTokens, ['[GO]', '[s]'], 'MgpstrTokenizer'),
    ...prefixed(wordLevel(pieces(sizes.bpeVocab, ['<|endoftext|>', '<unk>', '</w>']), ['<|endoftext|>', '<unk>', '</w>'], 'GPT2Tokenizer'), 'Xenova/gpt2'),
    ...prefixed(wordLevel(pieces(sizes.wpVocab, ['[PAD]', '[UNK]', '[CLS]', '[SEP]']), ['[PAD]', '[UNK]', '[CLS]', '[SEP]'], 'BertTokenizer'), 'Xenova/bert-base-uncased'),
  };
}
