/**
 * Gemma 3n (transformers.js's Gemma3nForConditionalGeneration, an image + audio + text model):
 * - image-text-to-text: `vision_encoder`, `audio_encoder`, `embed_tokens` (inputs_embeds +
 *   per_layer_inputs) and `decoder_model_merged` (see ./gemma3n-graphs.ts). Gemma3nProcessor
 *   takes (text, images, audio), reads chat_template.jinja, and expands `<image_soft_token>` /
 *   `<audio_soft_token>` to image_seq_length / audio_seq_length tokens between boi/eoi, boa/eoa.
 * - text-generation (Gemma3nForCausalLM): the same language half only; config.architectures names
 *   the ForConditionalGeneration class, so transformers.js loads the text-only sessions.
 */
import type { ForgeContract, ForgedFolder } from '../contracts/contract.js';
import { gemma3nAudioEncoder, gemma3nDecoder, gemma3nEmbedTokens, type Gemma3nSpec } from './gemma3n-graphs.js';
import { patchVisionEncoder } from './patch-vision-encoder.js';
import { specialTokenizer } from '../tokenizers/special-tokens.js';
import { json } from '../tokenizers/tokenizer-files.js';
import { imagePreprocessorConfig } from '../config/image-preprocessor-config.js';
import { specialTokenIds } from '../tokenizers/special-token-ids.js';
import { decoderDimsConfig } from '../config/decoder-dims-config.js';

/** Image / audio token counts and feature sizes of forged Gemma 3n models. */
export const GEMMA3N = Object.freeze({ imageSize: 32, patch: 8, visionHidden: 16, melBins: 16, audioHidden: 16, audioTokens: 6, perLayer: 8 });

const TOKENS = Object.freeze({ image: '<image_soft_token>', boi: '<start_of_image>', eoi: '<end_of_image>', audio: '<audio_soft_token>', boa: '<start_of_audio>', eoa: '<end_of_audio>' });

/** Gemma's turn format, with image / audio parts as their soft tokens. */
export const GEMMA3N_CHAT_TEMPLATE =
  "{{ bos_token }}{% for message in messages %}<start_of_turn>{{ 'model' if message['role'] == 'assistant' else message['role'] }}\n" +
  "{% if message['content'] is string %}{{ message['content'] }}{% else %}{% for part in message['content'] %}" +
  `{% if part['type'] == 'image' %}${TOKENS.image}{% elif part['type'] == 'audio' %}${TOKENS.audio}{% else %}{{ part['text'] }}{% endif %}` +
  "{% endfor %}{% endif %}<end_of_turn>\n{% endfor %}{% if add_generation_prompt %}<start_of_turn>model\n{% endif %}";

const TASKS: ReadonlySet<string> = new Set(['image-text-to-text', 'text-generation']);

export const gemma3nContract: ForgeContract = {
  name: 'gemma3n',
  supports(entry, task) {
    if (entry.family !== 'gemma3n') return `not the gemma3n family (${entry.family})`;
    if (!TASKS.has(task.task)) return `task ${task.task} is not image-text-to-text or text-generation`;
    return true;
  },
  build(ctx) {
    const { imageSize, patch, visionHidden, melBins, audioHidden, audioTokens, perLayer } = GEMMA3N;
    const tok = specialTokenizer({ tokens: [...Object.values(TOKENS), '<start_of_turn>', '<end_of_turn>'], modelMaxLength: 2048 });
    const tokenizerConfig = JSON.parse(tok.files['tokenizer_config.json'] as string) as Record<string, unknown>;
    Object.assign(tokenizerConfig, {
      image_token: TOKENS.image, boi_token: TOKENS.boi, eoi_token: TOKENS.eoi, image_token_id: tok.added[TOKENS.image],
      audio_token: TOKENS.audio, boa_token: TOKENS.boa, eoa_token: TOKENS.eoa, audio_token_id: tok.added[TOKENS.audio],
      chat_template: GEMMA3N_CHAT_TEMPLATE,
    });
    const { hidden, layers, heads, kvHeads, intermediate } = ctx.size;
    const name = `${ctx.entry.family}-${ctx.task.task}`;
    const spec: Gemma3nSpec = { seed: ctx.seed, name, vocab: tok.vocabSize, hidden, layers, heads, kvHeads, intermediate, perLayer, eosTokenId: tok.eosTokenId };
    const imageTokens = (imageSize / patch) ** 2;
    const config = {
      model_type: 'gemma3n',
      architectures: ['Gemma3nForConditionalGeneration'],
      text_config: {
        model_type: 'gemma3n_text',
        ...decoderDimsConfig(tok.vocabSize, ctx.size),
        hidden_size_per_layer_input: perLayer,
        max_position_embeddings: 2048,
      },
      vision_config: { model_type: 'gemma3n_vision', hidden_size: visionHidden },
      audio_config: { model_type: 'gemma3n_audio', input_feat_size: melBins, hidden_size: audioHidden },
      image_token_id: tok.added[TOKENS.image],
      audio_token_id: tok.added[TOKENS.audio],
      boi_token_id: tok.added[TOKENS.boi],
      eoi_token_id: tok.added[TOKENS.eoi],
      ...specialTokenIds(tok),
    };
    const folder: ForgedFolder = {
      'config.json': json(config),
      'generation_config.json': json(specialTokenIds(tok)),
      'tokenizer.json': tok.files['tokenizer.json']!,
      'tokenizer_config.json': json(tokenizerConfig),
      'onnx/embed_tokens.onnx': gemma3nEmbedTokens(spec),
      'onnx/decoder_model_merged.onnx': gemma3nDecoder(spec),
    };
    if (ctx.task.task === 'image-text-to-text') {
      folder['preprocessor_config.json'] = json({
        ...imagePreprocessorConfig({ processorType: 'SiglipImageProcessor', style: 'height-width', imageSize, extra: { image_mean: [0.5, 0.5, 0.5], image_std: [0.5, 0.5, 0.5] } }),
        processor_class: 'Gemma3nProcessor',
        feature_extractor_type: 'Gemma3nAudioFeatureExtractor',
        feature_size: melBins,
        sampling_rate: 16000,
        frame_length: 512,
        hop_length: 160,
        fft_length: 1024,
        min_frequency: 125,
        max_frequency: 7600,
        preemphasis: 0.97,
        preemphasis_htk_flavor: true,
        mel_floor: 1e-5,
        padding_value: 0,
        return_attention_mask: true,
      });
      folder['processor_config.json'] = json({ processor_class: 'Gemma3nProcessor', image_seq_length: imageTokens, audio_seq_length: audioTokens });
      folder['chat_template.jinja'] = GEMMA3N_CHAT_TEMPLATE;
      folder['onnx/vision_encoder.onnx'] = patchVisionEncoder({ seed: ctx.seed, name, patch, visionHidden, heads: 2, textHidden: hidden });
      folder['onnx/audio_encoder.onnx'] = gemma3nAudioEncoder({ ...spec, melBins, audioHidden, audioTokens });
    }
    return folder;
  },
};
