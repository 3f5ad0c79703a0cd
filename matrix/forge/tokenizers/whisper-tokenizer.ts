/**
 * A Whisper tokenizer: byte-level BPE (256 byte tokens + a few merges) followed by Whisper's
 * special tokens, `<|notimestamps|>` last so no generated id reads as a timestamp. Also the
 * `generation_config.json` fields Whisper's generate needs (lang_to_id, task_to_id, …).
 */
import type { ForgedFolder } from '../contracts/forged-folder.js';
import { json } from './tokenizer-files.js';
import { bytesToUnicode } from './bytes-to-unicode.js';
import { byteLevelBpeJson } from './byte-level-bpe-json.js';

export interface WhisperTokenizer {
  vocabSize: number;
  ids: Record<string, number>;
  files: ForgedFolder;
  generationConfig: Record<string, unknown>;
}

const LANGUAGES = ['en', 'fr', 'de'];
const MERGES: [string, string][] = [['Ġ', 't'], ['h', 'e'], ['Ġt', 'he'], ['i', 'n'], ['Ġ', 'a'], ['e', 'r'], ['o', 'n'], ['Ġ', 's']];

export function whisperTokenizer(maxLength: number): WhisperTokenizer {
  const bytes = bytesToUnicode();
  const base = [...bytes, ...MERGES.map(([a, b]) => a + b)];
  const specials = [
    '<|endoftext|>',
    '<|startoftranscript|>',
    ...LANGUAGES.map((l) => `<|${l}|>`),
    '<|translate|>',
    '<|transcribe|>',
    '<|startoflm|>',
    '<|startofprev|>',
    '<|nocaptions|>',
    '<|notimestamps|>',
  ];
  const vocab = Object.fromEntries(base.map((t, i) => [t, i]));
  const ids = Object.fromEntries(specials.map((t, i) => [t, base.length + i]));
  const postProcessor = {
    type: 'TemplateProcessing',
    single: [{ SpecialToken: { id: '<|startoftranscript|>', type_id: 0 } }, { SpecialToken: { id: '<|notimestamps|>', type_id: 0 } }, { Sequence: { id: 'A', type_id: 0 } }, { SpecialToken: { id: '<|endoftext|>', type_id: 0 } }],
    pair: [{ Sequence: { id: 'A', type_id: 0 } }, { Sequence: { id: 'B', type_id: 1 } }],
    special_tokens: Object.fromEntries(['<|startoftranscript|>', '<|notimestamps|>', '<|endoftext|>'].map((t) => [t, { id: t, ids: [ids[t]], tokens: [t] }])),
  };
  const tokenizer = byteLevelBpeJson({ vocab, merges: MERGES, specials, ids, postProcessor });
  const config = {
    tokenizer_class: 'WhisperTokenizer',
    bos_token: '<|endoftext|>',
    eos_token: '<|endoftext|>',
    pad_token: '<|endoftext|>',
    unk_token: '<|endoftext|>',
    model_max_length: maxLength,
    clean_up_tokenization_spaces: true,
  };
  const eot = ids['<|endoftext|>']!;
  const generationConfig = {
    decoder_start_token_id: ids['<|startoftranscript|>'],
    bos_token_id: eot,
    eos_token_id: eot,
    pad_token_id: eot,
    max_length: maxLength,
    is_multilingual: true,
    lang_to_id: Object.fromEntries(LANGUAGES.map((l) => [`<|${l}|>`, ids[`<|${l}|>`]])),
    task_to_id: { transcribe: ids['<|transcribe|>'], translate: ids['<|translate|>'] },
    no_timestamps_token_id: ids['<|notimestamps|>'],
    begin_suppress_tokens: [bytes.indexOf('Ġ'), eot],
    suppress_tokens: [],
    forced_decoder_ids: null,
    alignment_heads: [[0, 0]],
    return_timestamps: false,
  };
  return {
    vocabSize: base.length + specials.length,
    ids,
    files: { 'tokenizer.json': json(tokenizer), 'tokenizer_config.json': json(config) },
    generationConfig,
  };
}
