/**
 * Image-text-to-text and image-to-text for Idefics3 and SmolVLM (transformers.js's
 * Idefics3ForConditionalGeneration, a LLaVA subclass that also sends pixel_attention_mask):
 * `onnx/vision_encoder.onnx` (5-D tiled pixel_values + pixel_attention_mask → image_features,
 * pixel-shuffled), `onnx/embed_tokens.onnx` and `onnx/decoder_model_merged.onnx`. The
 * Idefics3Processor splits an image into T × T tiles plus a global view and writes
 * `<fake_token_around_image><row_r_col_c>` + image_seq_len `<image>` tokens per tile, so the
 * forged processor_config's image_seq_len equals the encoder's tokens per frame.
 * The processor takes (text, images): the text must contain `<image>` (the chat template writes it).
 */
import type { ForgeContract, ForgedFolder } from '../contracts/contract.js';
import { idefics3TokensPerFrame, idefics3VisionEncoder } from './idefics3-vision-encoder.js';
import { embedsDecoder } from '../onnx/embeds-decoder.js';
import { specialTokenizer } from '../tokenizers/special-tokens.js';
import { json } from '../tokenizers/tokenizer-files.js';
import { specialTokenIds } from '../tokenizers/special-token-ids.js';
import { decoderDimsConfig } from '../config/decoder-dims-config.js';

/** Tile side, resize bound, patch and pixel-shuffle factor of forged Idefics3 / SmolVLM models. */
export const IDEFICS3 = Object.freeze({ tile: 32, longestEdge: 64, patch: 8, scale: 2, visionHidden: 16, maxGrid: 4 });

const PROCESSORS: Readonly<Record<string, { processor: string; imageProcessor: string }>> = Object.freeze({
  idefics3: { processor: 'Idefics3Processor', imageProcessor: 'Idefics3ImageProcessor' },
  smolvlm: { processor: 'SmolVLMProcessor', imageProcessor: 'SmolVLMImageProcessor' },
});

const TASKS: ReadonlySet<string> = new Set(['image-text-to-text', 'image-to-text']);

/** SmolVLM's chat template: `<|im_start|>User:<image>text<end_of_utterance>\nAssistant:`. */
export const IDEFICS3_CHAT_TEMPLATE =
  "<|im_start|>{% for message in messages %}{{ message['role'] | capitalize }}" +
  "{% if message['content'] is string %}{{ ': ' + message['content'] }}{% else %}" +
  "{% if message['content'][0]['type'] == 'image' %}{{ ':' }}{% else %}{{ ': ' }}{% endif %}" +
  "{% for line in message['content'] %}{% if line['type'] == 'text' %}{{ line['text'] }}{% elif line['type'] == 'image' %}{{ '<image>' }}{% endif %}{% endfor %}" +
  "{% endif %}<end_of_utterance>\n{% endfor %}{% if add_generation_prompt %}{{ 'Assistant:' }}{% endif %}";

export const idefics3ImageTextContract: ForgeContract = {
  name: 'idefics3-image-text',
  supports(entry, task) {
    if (!PROCESSORS[entry.family]) return `not an Idefics3-style family (${entry.family})`;
    if (!TASKS.has(task.task)) return `task ${task.task} is not image-text-to-text or image-to-text`;
    return true;
  },
  build(ctx) {
    const names = PROCESSORS[ctx.entry.family]!;
    const { tile, longestEdge, patch, scale, visionHidden, maxGrid } = IDEFICS3;
    const rowTokens = Array.from({ length: maxGrid * maxGrid }, (_, i) => `<row_${Math.floor(i / maxGrid) + 1}_col_${(i % maxGrid) + 1}>`);
    const tok = specialTokenizer({
      tokens: ['<image>', '<fake_token_around_image>', '<global-img>', '<end_of_utterance>', '<|im_start|>', ...rowTokens],
      chatTemplate: IDEFICS3_CHAT_TEMPLATE,
      modelMaxLength: 2048,
    });
    const imageTokenId = tok.added['<image>']!;
    const { hidden, layers, heads, kvHeads, intermediate } = ctx.size;
    const name = `${ctx.entry.family}-${ctx.task.task}`;
    const lm = embedsDecoder({ seed: ctx.seed, name, vocab: tok.vocabSize, hidden, layers, heads, kvHeads, intermediate, eosTokenId: tok.eosTokenId, positions: '1d' });
    const visionSpec = { seed: ctx.seed, name, tile, patch, scale, visionHidden, heads: 2, textHidden: hidden };
    const imageSeqLen = idefics3TokensPerFrame(visionSpec);
    const config = {
      model_type: ctx.entry.family,
      architectures: [ctx.task.modelClass],
      text_config: {
        model_type: 'llama',
        ...decoderDimsConfig(tok.vocabSize, ctx.size),
        max_position_embeddings: 2048,
      },
      vision_config: { model_type: `${ctx.entry.family}_vision`, hidden_size: visionHidden, image_size: tile, patch_size: patch, num_hidden_layers: 1, num_attention_heads: 2 },
      scale_factor: scale,
      image_token_id: imageTokenId,
      ...specialTokenIds(tok),
    };
    const preprocessor = {
      image_processor_type: names.imageProcessor,
      processor_class: names.processor,
      do_convert_rgb: true,
      do_resize: true,
      size: { longest_edge: longestEdge },
      resample: 1,
      do_rescale: true,
      rescale_factor: 1 / 255,
      do_normalize: true,
      image_mean: [0.5, 0.5, 0.5],
      image_std: [0.5, 0.5, 0.5],
      do_pad: true,
      do_image_splitting: true,
      max_image_size: { longest_edge: tile },
    };
    const folder: ForgedFolder = {
      'config.json': json(config),
      'generation_config.json': json(specialTokenIds(tok)),
      'preprocessor_config.json': json(preprocessor),
      'processor_config.json': json({ processor_class: names.processor, image_seq_len: imageSeqLen }),
      ...tok.files,
      'onnx/vision_encoder.onnx': idefics3VisionEncoder(visionSpec),
      'onnx/embed_tokens.onnx': lm.embedTokens,
      'onnx/decoder_model_merged.onnx': lm.decoder,
    };
    return folder;
  },
};
