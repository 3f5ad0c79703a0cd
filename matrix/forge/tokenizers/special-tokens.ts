/**
 * A forged byte-level BPE tokenizer extended with the special tokens a multimodal processor
 * splices into prompts (`<image>`, `<|image_pad|>`, `<audio>`, …): each becomes an added special
 * token with the next free id, so the tokenizer never splits it. Optional chat template and extra
 * tokenizer_config keys (e.g. Gemma 3's `boi_token`).
 */
import { byteLevelBpeTokenizer, json, type TokenizerInfo } from './tokenizer-files.js';
import { addedToken } from './added-token.js';

export interface SpecialTokenizer extends TokenizerInfo {
  /** Id of every added token, by its text. */
  added: Record<string, number>;
}

export interface SpecialTokenizerOptions {
  tokens: readonly string[];
  chatTemplate?: string;
  /** Keys merged into tokenizer_config.json. */
  config?: Record<string, unknown>;
  /** The post-processor adds no BOS (chat models whose template writes it). Default false. */
  noBos?: boolean;
  modelMaxLength?: number;
}

export function specialTokenizer(o: SpecialTokenizerOptions): SpecialTokenizer {
  const base = byteLevelBpeTokenizer(o.modelMaxLength ?? 512);
  const tokenizer = JSON.parse(base.files['tokenizer.json'] as string) as {
    added_tokens: object[];
    post_processor: unknown;
    model: { vocab: Record<string, number> };
  };
  const config = JSON.parse(base.files['tokenizer_config.json'] as string) as Record<string, unknown>;
  const added: Record<string, number> = {};
  let next = base.vocabSize;
  for (const content of o.tokens) {
    if (content in added) continue;
    added[content] = next;
    tokenizer.model.vocab[content] = next;
    tokenizer.added_tokens.push(addedToken(next, content));
    next++;
  }
  if (o.noBos) tokenizer.post_processor = null;
  Object.assign(config, o.config ?? {});
  if (o.chatTemplate) config.chat_template = o.chatTemplate;
  return {
    ...base,
    vocabSize: next,
    added,
    files: { 'tokenizer.json': json(tokenizer), 'tokenizer_config.json': json(config) },
  };
}

/** A minimal chat template: `<role>: <content>` lines, image/audio parts as the given placeholder. */
export function simpleChatTemplate(imagePlaceholder: string, audioPlaceholder = '<audio>'): string {
  return (
    "{% for message in messages %}{{ message['role'] }}: " +
    "{% if message['content'] is string %}{{ message['content'] }}{% else %}" +
    "{% for part in message['content'] %}" +
    `{% if part['type'] == 'image' %}${imagePlaceholder}{% elif part['type'] == 'audio' %}${audioPlaceholder}{% else %}{{ part['text'] }}{% endif %}` +
    '{% endfor %}{% endif %}\n{% endfor %}' +
    "{% if add_generation_prompt %}assistant:{% endif %}"
  );
}
