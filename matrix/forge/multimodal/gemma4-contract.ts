/**
 * Gemma 4 (transformers.js's Gemma4ForConditionalGeneration; the Gemma 3n language half with
 * per-layer inputs) for image-text-to-text and text-generation, and EmbeddingGemma 2
 * (feature-extraction, which shares Gemma4Processor). Encoders: ./gemma4-encoders.ts.
 * Gemma4Processor reads processor_config.json (`image_processor`, `feature_extractor` sub-configs)
 * and chat_template.jinja, takes (text, images, audio) and writes boi + one `<|image|>` per pooled
 * patch block + eoi per image, boa + `<|audio|>` per audio token + eoa per clip.
 */
import type { ForgeContract, ForgedFolder } from '../contracts/contract.js';
import { embedding, linear, paddingMaskBias, rmsNorm } from '../onnx/blocks.js';
import type { ForgeGraph } from '../onnx/forge-graph.js';
import { GraphBuilder } from '../onnx/graph-builder.js';
import { gemma3nDecoder, gemma3nEmbedTokens, type Gemma3nSpec } from './gemma3n-graphs.js';
import { gemma4AudioEncoder, gemma4VisionEncoder } from './gemma4-encoders.js';
import { specialTokenizer } from '../tokenizers/special-tokens.js';
import { json } from '../tokenizers/tokenizer-files.js';
import { encoderLayer } from '../onnx/vision-blocks.js';
import { specialTokenIds } from '../tokenizers/special-token-ids.js';
import { decoderDimsConfig } from '../config/decoder-dims-config.js';

/** Patch, pooling, soft-token budget and audio sizes of forged Gemma 4 models. */
export const GEMMA4 = Object.freeze({ patch: 4, pooling: 2, maxSoftTokens: 16, visionHidden: 16, melBins: 16, audioHidden: 16, perLayer: 8 });

const TOKENS = Object.freeze({ image: '<|image|>', boi: '<|image>', eoi: '<image|>', audio: '<|audio|>', boa: '<|audio>', eoa: '<audio|>', video: '<|video|>' });

const CHAT_TEMPLATE =
  "{{ bos_token }}{% for message in messages %}<|turn>{{ 'model' if message['role'] == 'assistant' else message['role'] }}\n" +
  "{% if message['content'] is string %}{{ message['content'] }}{% else %}{% for part in message['content'] %}" +
  `{% if part['type'] == 'image' %}${TOKENS.image}{% elif part['type'] == 'audio' %}${TOKENS.audio}{% else %}{{ part['text'] }}{% endif %}` +
  "{% endfor %}{% endif %}<turn|>\n{% endfor %}{% if add_generation_prompt %}<|turn>model\n{% endif %}";

const TASKS: Readonly<Record<string, ReadonlySet<string>>> = Object.freeze({
  gemma4: new Set(['image-text-to-text', 'text-generation']),
  embedding_gemma2: new Set(['feature-extraction']),
});

export const gemma4Contract: ForgeContract = {
  name: 'gemma4',
  supports(entry, task) {
    const tasks = TASKS[entry.family];
    if (!tasks) return `not a Gemma 4 family (${entry.family})`;
    if (!tasks.has(task.task)) return `task ${task.task} is not one of ${[...tasks].join(', ')}`;
    return true;
  },
  build(ctx) {
    const { patch, pooling, maxSoftTokens, visionHidden, melBins, audioHidden, perLayer } = GEMMA4;
    const tok = specialTokenizer({ tokens: [...Object.values(TOKENS), '<|turn>', '<turn|>'], modelMaxLength: 2048 });
    const tokenizerConfig = JSON.parse(tok.files['tokenizer_config.json'] as string) as Record<string, unknown>;
    Object.assign(tokenizerConfig, {
      image_token: TOKENS.image, boi_token: TOKENS.boi, eoi_token: TOKENS.eoi, audio_token: TOKENS.audio, boa_token: TOKENS.boa, eoa_token: TOKENS.eoa, video_token: TOKENS.video,
      chat_template: CHAT_TEMPLATE,
    });
    const { hidden, layers, heads, kvHeads, intermediate } = ctx.size;
    const name = `${ctx.entry.family}-${ctx.task.task}`;
    const spec: Gemma3nSpec = { seed: ctx.seed, name, vocab: tok.vocabSize, hidden, layers, heads, kvHeads, intermediate, perLayer, eosTokenId: tok.eosTokenId };
    const maxPatches = maxSoftTokens * pooling * pooling;
    const isEmbedding = ctx.entry.family === 'embedding_gemma2';
    const textConfig = {
      model_type: 'gemma4_text',
      ...decoderDimsConfig(tok.vocabSize, ctx.size),
      hidden_size_per_layer_input: perLayer,
      num_kv_shared_layers: 0,
      max_position_embeddings: 2048,
    };
    const config = {
      model_type: ctx.entry.family,
      architectures: [isEmbedding ? 'EmbeddingGemma2Model' : 'Gemma4ForConditionalGeneration'],
      text_config: textConfig,
      vision_config: { model_type: 'gemma4_vision', hidden_size: visionHidden, patch_size: patch, pooling_kernel_size: pooling },
      ...(isEmbedding ? {} : { audio_config: { model_type: 'gemma4_audio', hidden_size: audioHidden } }),
      image_token_id: tok.added[TOKENS.image],
      audio_token_id: tok.added[TOKENS.audio],
      video_token_id: tok.added[TOKENS.video],
      ...specialTokenIds(tok),
    };
    const processor = {
      processor_class: isEmbedding ? 'EmbeddingGemma2Processor' : 'Gemma4Processor',
      image_seq_length: maxSoftTokens,
      audio_seq_length: 750,
      audio_ms_per_token: 40,
      image_processor: { image_processor_type: 'Gemma4ImageProcessor', patch_size: patch, max_soft_tokens: maxSoftTokens, pooling_kernel_size: pooling, resample: 2, do_rescale: true, rescale_factor: 1 / 255, do_resize: true },
      feature_extractor: {
        feature_extractor_type: 'Gemma4AudioFeatureExtractor', feature_size: melBins, sampling_rate: 16000, frame_length: 320, hop_length: 160, fft_length: 512,
        min_frequency: 0, max_frequency: 8000, preemphasis: 0, preemphasis_htk_flavor: true, mel_floor: 1e-3, padding_value: 0,
      },
    };
    // AutoProcessor dispatches on preprocessor_config.json's processor_class; the class reads processor_config.json.
    const preprocessorPointer = { processor_class: processor.processor_class, ...processor.image_processor };
    const vision = gemma4VisionEncoder({ seed: ctx.seed, name, patch, maxPatches, pooling, visionHidden, hidden, maxSide: maxPatches });
    const folder: ForgedFolder = {
      'config.json': json(config),
      'tokenizer.json': tok.files['tokenizer.json']!,
      'tokenizer_config.json': json(tokenizerConfig),
    };
    if (isEmbedding) {
      return { ...folder, 'preprocessor_config.json': json(preprocessorPointer), 'processor_config.json': json(processor), 'chat_template.jinja': CHAT_TEMPLATE, 'onnx/model.onnx': embeddingModel(spec, config), 'onnx/vision_encoder.onnx': vision };
    }
    folder['generation_config.json'] = json(specialTokenIds(tok));
    folder['onnx/embed_tokens.onnx'] = gemma3nEmbedTokens(spec);
    folder['onnx/decoder_model_merged.onnx'] = gemma3nDecoder(spec);
    if (ctx.task.task === 'image-text-to-text') {
      folder['preprocessor_config.json'] = json(preprocessorPointer);
      folder['processor_config.json'] = json(processor);
      folder['chat_template.jinja'] = CHAT_TEMPLATE;
      folder['onnx/vision_encoder.onnx'] = vision;
      folder['onnx/audio_encoder.onnx'] = gemma4AudioEncoder({ seed: ctx.seed, name, melBins, audioHidden, hidden });
    }
    return folder;
  },
};

/**
 * EmbeddingGemma 2's `model`: input_ids, attention_mask and the media features ([n, hidden] each,
 * empty when absent) → token embeddings with each modality's features written at its placeholder
 * tokens → one masked encoder layer → last_hidden_state and a mean-pooled, L2-normalised
 * sentence_embedding.
 */
function embeddingModel(spec: Gemma3nSpec, config: { image_token_id?: number; video_token_id?: number; audio_token_id?: number }): ForgeGraph {
  const { hidden } = spec;
  const g = new GraphBuilder({ seed: spec.seed + 5, name: `${spec.name}-model` });
  const ids = g.input('input_ids', 'int64', ['batch_size', 'sequence_length']);
  const mask = g.input('attention_mask', 'int64', ['batch_size', 'sequence_length']);
  let flat = g.op1('Reshape', [embedding(g, ids, 'model.embed_tokens', spec.vocab, hidden), g.constInt64([-1, hidden])]);
  const flatIds = g.op1('Reshape', [ids, g.constInt64([-1])]);
  for (const [modality, tokenId] of [['image', config.image_token_id], ['video', config.video_token_id], ['audio', config.audio_token_id]] as const) {
    const features = g.input(`${modality}_features`, 'float32', [`num_${modality}_tokens`, hidden]);
    const at = g.op1('Transpose', [g.op1('NonZero', [g.op1('Equal', [flatIds, g.constInt64(tokenId!, [])])])], { perm: [1, 0] });
    flat = g.op1('ScatterND', [flat, at, features]);
  }
  let x = g.op1('Reshape', [flat, g.op1('Concat', [g.op1('Shape', [ids]), g.constInt64([hidden])], { axis: 0 })]);
  x = encoderLayer(g, x, hidden, spec.heads, spec.intermediate, 'model.layers.0', [paddingMaskBias(g, mask)]);
  x = rmsNorm(g, x, 'model.norm', hidden);
  g.output(x, 'last_hidden_state', 'float32', ['batch_size', 'sequence_length', hidden]);
  const maskF = g.op1('Unsqueeze', [g.op1('Cast', [mask], { to: 1 }), g.constInt64([-1])]);
  const summed = g.op1('ReduceSum', [g.op1('Mul', [x, maskF]), g.constInt64([1])], { keepdims: 0 });
  const mean = g.op1('Div', [summed, g.op1('ReduceSum', [maskF, g.constInt64([1])], { keepdims: 0 })]);
  const projected = linear(g, mean, 'dense', hidden, hidden, false);
  const norm = g.op1('Sqrt', [g.op1('ReduceSum', [g.op1('Mul', [projected, projected]), g.constInt64([-1])], { keepdims: 1 })]);
  g.output(g.op1('Div', [projected, g.op1('Add', [norm, g.constFloat(1e-6, [])])]), 'sentence_embedding', 'float32', ['batch_size', hidden]);
  return g.graph();
}
