/**
 * Any-to-any for Janus (`multi_modality`, transformers.js's MultiModalityCausalLM, loaded with
 * AutoModel): the six sessions of ./janus-graphs.ts. VLChatProcessor takes a conversation
 * (`[{ role: '<|User|>', content: '<image_placeholder>\nDescribe…', images: [image] }, { role: '<|Assistant|>', content: '' }]`)
 * plus `{ images }`, applies the tokenizer's `default` chat template, and writes
 * `<begin_of_image>` + num_image_tokens placeholders + `<end_of_image>` per image.
 * `model.generate({ ...inputs, max_new_tokens })` answers in text; `model.generate_images({ ...textInputs,
 * max_new_tokens: imageGrid² })` returns RawImages of imageGrid·upsample pixels a side.
 */
import type { ForgeContract, ForgedFolder } from '../contracts/contract.js';
import { janusGenImgEmbeds, janusHead, janusImageDecode, janusLanguageModel, janusPrepareInputsEmbeds, type JanusSpec } from './janus-graphs.js';
import { specialTokenizer } from '../tokenizers/special-tokens.js';
import { json } from '../tokenizers/tokenizer-files.js';
import { specialTokenIds } from '../tokenizers/special-token-ids.js';
import { decoderDimsConfig } from '../config/decoder-dims-config.js';

/** Image side, patch, code vocabulary and generated-image grid of forged Janus models. */
export const JANUS = Object.freeze({ imageSize: 32, patch: 8, visionHidden: 16, imageVocab: 32, imageGrid: 4, upsample: 4 });

const TAGS = Object.freeze({ image: '<image_placeholder>', start: '<begin_of_image>', end: '<end_of_image>' });

/** Janus's conversation format: `role: content` blocks, then the assistant's turn. */
const CHAT_TEMPLATE =
  "{% for message in messages %}{% if message['content'] %}{{ message['role'] }}: {{ message['content'] }}\n\n{% endif %}{% endfor %}" +
  "{% if add_generation_prompt %}<|Assistant|>:{% endif %}";

export const janusAnyToAnyContract: ForgeContract = {
  name: 'janus-any-to-any',
  supports(entry, task) {
    if (entry.family !== 'multi_modality') return `not the multi_modality (Janus) family (${entry.family})`;
    if (task.task !== 'any-to-any') return `task ${task.task} is not any-to-any`;
    return true;
  },
  build(ctx) {
    const { imageSize, patch, visionHidden, imageVocab, imageGrid, upsample } = JANUS;
    const tok = specialTokenizer({
      tokens: [TAGS.image, TAGS.start, TAGS.end, '<|User|>', '<|Assistant|>'],
      config: { chat_template: [{ name: 'default', template: CHAT_TEMPLATE }] },
      modelMaxLength: 2048,
    });
    const { hidden, layers, heads, kvHeads, intermediate } = ctx.size;
    const spec: JanusSpec = {
      seed: ctx.seed, name: `${ctx.entry.family}-${ctx.task.task}`, vocab: tok.vocabSize, hidden, layers, heads, kvHeads, intermediate,
      eosTokenId: tok.eosTokenId, patch, visionHidden, imageVocab, imageGrid, upsample,
    };
    const numImageTokens = (imageSize / patch) ** 2;
    const config = {
      model_type: 'multi_modality',
      architectures: [ctx.task.modelClass],
      language_config: {
        model_type: 'llama',
        ...decoderDimsConfig(tok.vocabSize, ctx.size),
        max_position_embeddings: 2048,
      },
      vision_config: { cls: 'CLIPVisionTower', params: { image_size: imageSize, patch_size: patch, hidden_size: visionHidden } },
      gen_vision_config: { cls: 'VQ-16', params: { image_token_size: imageVocab, n_embed: 8 } },
      gen_head_config: { cls: 'vision_head', params: { image_token_size: imageVocab, n_embed: hidden } },
      ...specialTokenIds(tok),
    };
    const preprocessor = {
      image_processor_type: 'VLMImageProcessor',
      processor_class: 'VLChatProcessor',
      image_size: imageSize,
      min_size: 4,
      size: { longest_edge: imageSize },
      do_resize: true,
      resample: 2,
      do_rescale: true,
      rescale_factor: 1 / 255,
      do_normalize: true,
      image_mean: [0.5, 0.5, 0.5],
      image_std: [0.5, 0.5, 0.5],
      background_color: [127, 127, 127],
    };
    const processor = { processor_class: 'VLChatProcessor', image_tag: TAGS.image, image_start_tag: TAGS.start, image_end_tag: TAGS.end, num_image_tokens: numImageTokens, add_special_token: false, sft_format: 'deepseek' };
    const folder: ForgedFolder = {
      'config.json': json(config),
      'generation_config.json': json(specialTokenIds(tok)),
      'preprocessor_config.json': json(preprocessor),
      'processor_config.json': json(processor),
      ...tok.files,
      'onnx/prepare_inputs_embeds.onnx': janusPrepareInputsEmbeds(spec),
      'onnx/language_model.onnx': janusLanguageModel(spec),
      'onnx/lm_head.onnx': janusHead(spec, 'lm_head'),
      'onnx/gen_head.onnx': janusHead(spec, 'gen_head'),
      'onnx/gen_img_embeds.onnx': janusGenImgEmbeds(spec),
      'onnx/image_decode.onnx': janusImageDecode(spec),
    };
    return folder;
  },
};
