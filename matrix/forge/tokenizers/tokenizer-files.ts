/**
 * Tiny deterministic tokenizer files (tokenizer.json + tokenizer_config.json) that
 * transformers.js 4.3.1 (@huggingface/tokenizers) loads: a lower-casing WordPiece for encoders
 * (every lowercase word splits into known pieces) and a byte-level BPE for decoders (any text encodes).
 */
import type { ForgedFolder } from '../contracts/forged-folder.js';
import { bytesToUnicode } from './bytes-to-unicode.js';
import { addedToken } from './added-token.js';

export type TokenizerKind = 'wordpiece' | 'bpe';

/** Special tokens and the resulting vocabulary size, for the config the contract writes. */
export interface TokenizerInfo {
  kind: TokenizerKind;
  vocabSize: number;
  padTokenId: number;
  unkTokenId: number;
  bosTokenId: number;
  eosTokenId: number;
  /** [CLS]/[SEP] for WordPiece, <s>/</s> for BPE. */
  clsTokenId: number;
  sepTokenId: number;
  maskTokenId: number;
  files: ForgedFolder;
}

const COMMON_WORDS = [
  'the', 'a', 'is', 'of', 'to', 'and', 'in', 'it', 'what', 'who', 'where', 'capital', 'france', 'paris',
  'hello', 'world', 'this', 'that', 'model', 'test', 'good', 'bad', 'movie', 'great', 'i', 'love', 'my',
  'name', 'lives', 'city', 'was', 'are', 'be', 'on', 'for', 'with', 'cat', 'dog', 'sat', 'mat',
];
const PUNCTUATION = ['.', ',', '!', '?', "'", '-', ':', ';', '(', ')', '"'];
const LETTERS = 'abcdefghijklmnopqrstuvwxyz0123456789'.split('');

/** WordPiece tokenizer with [PAD] [UNK] [CLS] [SEP] [MASK] (ids 0-4), ~150 tokens. */
export function wordPieceTokenizer(modelMaxLength = 512): TokenizerInfo {
  const specials = ['[PAD]', '[UNK]', '[CLS]', '[SEP]', '[MASK]'];
  const tokens = [...specials, ...PUNCTUATION, ...LETTERS, ...LETTERS.map((c) => `##${c}`), ...COMMON_WORDS];
  const vocab = Object.fromEntries(tokens.map((t, i) => [t, i]));
  const special = (content: string) => addedToken(vocab[content]!, content);
  const tokenizer = {
    version: '1.0',
    truncation: null,
    padding: null,
    added_tokens: specials.map(special),
    normalizer: { type: 'BertNormalizer', clean_text: true, handle_chinese_chars: true, strip_accents: null, lowercase: true },
    pre_tokenizer: { type: 'BertPreTokenizer' },
    post_processor: {
      type: 'TemplateProcessing',
      single: [{ SpecialToken: { id: '[CLS]', type_id: 0 } }, { Sequence: { id: 'A', type_id: 0 } }, { SpecialToken: { id: '[SEP]', type_id: 0 } }],
      pair: [
        { SpecialToken: { id: '[CLS]', type_id: 0 } },
        { Sequence: { id: 'A', type_id: 0 } },
        { SpecialToken: { id: '[SEP]', type_id: 0 } },
        { Sequence: { id: 'B', type_id: 1 } },
        { SpecialToken: { id: '[SEP]', type_id: 1 } },
      ],
      special_tokens: Object.fromEntries(['[CLS]', '[SEP]'].map((t) => [t, { id: t, ids: [vocab[t]], tokens: [t] }])),
    },
    decoder: { type: 'WordPiece', prefix: '##', cleanup: true },
    model: { type: 'WordPiece', unk_token: '[UNK]', continuing_subword_prefix: '##', max_input_chars_per_word: 100, vocab },
  };
  const config = {
    tokenizer_class: 'BertTokenizer',
    do_lower_case: true,
    model_max_length: modelMaxLength,
    pad_token: '[PAD]',
    unk_token: '[UNK]',
    cls_token: '[CLS]',
    sep_token: '[SEP]',
    mask_token: '[MASK]',
    clean_up_tokenization_spaces: true,
  };
  return {
    kind: 'wordpiece',
    vocabSize: tokens.length,
    padTokenId: 0,
    unkTokenId: 1,
    clsTokenId: 2,
    sepTokenId: 3,
    maskTokenId: 4,
    bosTokenId: 2,
    eosTokenId: 3,
    files: { 'tokenizer.json': json(tokenizer), 'tokenizer_config.json': json(config) },
  };
}

/** Byte-level BPE with <pad> <s> </s> <unk> <mask> (ids 0-4) + 256 byte tokens + a few merges; adds <s> in front. */
export function byteLevelBpeTokenizer(modelMaxLength = 512): TokenizerInfo {
  const specials = ['<pad>', '<s>', '</s>', '<unk>', '<mask>'];
  const byteChars = bytesToUnicode();
  const merges: [string, string][] = [['Ġ', 't'], ['h', 'e'], ['Ġt', 'he'], ['i', 'n'], ['Ġ', 'a'], ['e', 'r'], ['o', 'n'], ['Ġ', 's']];
  const tokens = [...specials, ...byteChars, ...merges.map(([a, b]) => a + b)];
  const vocab = Object.fromEntries(tokens.map((t, i) => [t, i]));
  const special = (content: string) => addedToken(vocab[content]!, content);
  const tokenizer = {
    version: '1.0',
    truncation: null,
    padding: null,
    added_tokens: specials.map(special),
    normalizer: null,
    pre_tokenizer: { type: 'ByteLevel', add_prefix_space: false, trim_offsets: true, use_regex: true },
    post_processor: {
      type: 'TemplateProcessing',
      single: [{ SpecialToken: { id: '<s>', type_id: 0 } }, { Sequence: { id: 'A', type_id: 0 } }],
      pair: [
        { SpecialToken: { id: '<s>', type_id: 0 } },
        { Sequence: { id: 'A', type_id: 0 } },
        { SpecialToken: { id: '<s>', type_id: 1 } },
        { Sequence: { id: 'B', type_id: 1 } },
      ],
      special_tokens: { '<s>': { id: '<s>', ids: [1], tokens: ['<s>'] } },
    },
    decoder: { type: 'ByteLevel', add_prefix_space: true, trim_offsets: true, use_regex: true },
    model: {
      type: 'BPE',
      dropout: null,
      unk_token: null,
      continuing_subword_prefix: null,
      end_of_word_suffix: null,
      fuse_unk: false,
      byte_fallback: false,
      ignore_merges: false,
      vocab,
      merges: merges.map(([a, b]) => `${a} ${b}`),
    },
  };
  const config = {
    tokenizer_class: 'PreTrainedTokenizerFast',
    model_max_length: modelMaxLength,
    bos_token: '<s>',
    eos_token: '</s>',
    pad_token: '<pad>',
    unk_token: '<unk>',
    mask_token: '<mask>',
    padding_side: 'left',
    clean_up_tokenization_spaces: false,
  };
  return {
    kind: 'bpe',
    vocabSize: tokens.length,
    padTokenId: 0,
    bosTokenId: 1,
    eosTokenId: 2,
    unkTokenId: 3,
    maskTokenId: 4,
    clsTokenId: 1,
    sepTokenId: 2,
    files: { 'tokenizer.json': json(tokenizer), 'tokenizer_config.json': json(config) },
  };
}

/** Stable pretty JSON (with trailing newline) for folder files. */
export function json(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}
