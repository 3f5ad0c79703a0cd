/**
 * Image-text-to-text for Florence-2 (transformers.js's Florence2ForConditionalGeneration, an
 * encoder-decoder ImageTextToText model): `onnx/vision_encoder.onnx` (pixel_values →
 * image_features), `onnx/embed_tokens.onnx` (ids → embeddings, shared by encoder prompt and
 * decoder), `onnx/encoder_model.onnx` (image features ⊕ prompt embeddings → last_hidden_state) and
 * `onnx/decoder_model_merged.onnx` (decoder inputs_embeds + encoder states + KV cache → logits).
 * Florence2Processor takes (images, text) and maps task tokens such as `<CAPTION>` to their prompt.
 */
import type { ForgeContract, ForgedFolder } from '../contracts/contract.js';
import { embedding, layerNorm, paddingMaskBias } from '../onnx/blocks.js';
import type { ForgeGraph } from '../onnx/forge-graph.js';
import { GraphBuilder } from '../onnx/graph-builder.js';
import { crossDecoderInputs, crossDecoderLayers, type CrossDecoderDims } from '../onnx/cross-attention-decoder.js';
import { patchVisionEncoder } from './patch-vision-encoder.js';
import { byteLevelBpeTokenizer, json } from '../tokenizers/tokenizer-files.js';
import { imagePreprocessorConfig } from '../config/image-preprocessor-config.js';
import { encoderLayer } from '../onnx/vision-blocks.js';
import { specialTokenIds } from '../tokenizers/special-token-ids.js';
import { eosSuppressedLogits } from '../onnx/eos-suppressed-logits.js';
import { encoderDecoderDimsConfig } from '../config/encoder-decoder-dims-config.js';

/** Image side and pixels per image token of forged Florence-2 models. */
export const FLORENCE2 = Object.freeze({ imageSize: 32, patch: 8, visionHidden: 16 });

/** Task tokens the forged processor expands (a subset of Florence-2's). */
export const FLORENCE2_TASKS: Readonly<Record<string, string>> = Object.freeze({
  '<CAPTION>': 'What does the image describe?',
  '<DETAILED_CAPTION>': 'Describe in detail what is shown in the image.',
  '<OCR>': 'What is the text in the image?',
});

export const florence2Contract: ForgeContract = {
  name: 'florence2',
  supports(entry, task) {
    if (entry.family !== 'florence2') return `not the florence2 family (${entry.family})`;
    if (task.task !== 'image-text-to-text') return `task ${task.task} is not image-text-to-text`;
    return true;
  },
  build(ctx) {
    const { imageSize, patch, visionHidden } = FLORENCE2;
    const { hidden, layers, heads, intermediate, maxPositions } = ctx.size;
    const tok = byteLevelBpeTokenizer(1024);
    const name = `${ctx.entry.family}-${ctx.task.task}`;
    const dims: CrossDecoderDims = { hidden, layers, heads, intermediate, maxPositions };
    const config = {
      model_type: 'florence2',
      architectures: [ctx.task.modelClass],
      is_encoder_decoder: true,
      text_config: {
        model_type: 'florence2_language',
        vocab_size: tok.vocabSize,
        d_model: hidden,
        ...encoderDecoderDimsConfig(1, layers, heads, intermediate),
        max_position_embeddings: maxPositions,
        is_encoder_decoder: true,
      },
      vision_config: { model_type: 'davit', projection_dim: hidden, patch_size: [patch], dim_embed: [visionHidden] },
      ...specialTokenIds(tok),
      decoder_start_token_id: tok.eosTokenId,
    };
    const preprocessor = imagePreprocessorConfig({
      processorType: 'CLIPImageProcessor',
      style: 'height-width',
      imageSize,
      extra: {
        processor_class: 'Florence2Processor',
        do_center_crop: false,
        image_seq_length: (imageSize / patch) ** 2,
        tasks_answer_post_processing_type: { '<OCR>': 'pure_text', '<CAPTION>': 'pure_text', '<DETAILED_CAPTION>': 'pure_text' },
        task_prompts_without_inputs: FLORENCE2_TASKS,
        task_prompts_with_input: {},
      },
    });
    const folder: ForgedFolder = {
      'config.json': json(config),
      'generation_config.json': json({ ...specialTokenIds(tok), decoder_start_token_id: tok.eosTokenId, max_length: 64 }),
      'preprocessor_config.json': json(preprocessor),
      ...tok.files,
      'onnx/vision_encoder.onnx': patchVisionEncoder({ seed: ctx.seed, name, patch, visionHidden, heads: 2, textHidden: hidden }),
      'onnx/embed_tokens.onnx': embedTokens(ctx.seed, name, tok.vocabSize, hidden),
      'onnx/encoder_model.onnx': encoderModel(ctx.seed, name, dims),
      'onnx/decoder_model_merged.onnx': decoderModel(ctx.seed, name, dims, tok.vocabSize, tok.eosTokenId),
    };
    return folder;
  },
};

function embedTokens(seed: number, name: string, vocab: number, hidden: number): ForgeGraph {
  const g = new GraphBuilder({ seed, name: `${name}-embed_tokens` });
  const ids = g.input('input_ids', 'int64', ['batch_size', 'sequence_length']);
  g.output(embedding(g, ids, 'language_model.model.shared', vocab, hidden), 'inputs_embeds', 'float32', ['batch_size', 'sequence_length', hidden]);
  return g.graph();
}

function encoderModel(seed: number, name: string, dims: CrossDecoderDims): ForgeGraph {
  const g = new GraphBuilder({ seed: seed + 1, name: `${name}-encoder_model` });
  const x = g.input('inputs_embeds', 'float32', ['batch_size', 'encoder_sequence_length', dims.hidden]);
  const mask = g.input('attention_mask', 'int64', ['batch_size', 'encoder_sequence_length']);
  const out = encoderLayer(g, x, dims.hidden, dims.heads, dims.intermediate, 'language_model.model.encoder.layers.0', [paddingMaskBias(g, mask)]);
  g.output(layerNorm(g, out, 'language_model.model.encoder.layer_norm', dims.hidden), 'last_hidden_state', 'float32', ['batch_size', 'encoder_sequence_length', dims.hidden]);
  return g.graph();
}

function decoderModel(seed: number, name: string, dims: CrossDecoderDims, vocab: number, eosTokenId: number): ForgeGraph {
  const g = new GraphBuilder({ seed: seed + 2, name: `${name}-decoder_model_merged` });
  const embeds = g.input('inputs_embeds', 'float32', ['batch_size', 'decoder_sequence_length', dims.hidden]);
  const io = crossDecoderInputs(g, dims, 'batch_size');
  const s = g.op1('Gather', [g.op1('Shape', [embeds]), g.constInt64(1, [])], { axis: 0 });
  const x = crossDecoderLayers(io, dims, embeds, s, 'batch_size');
  const logits = eosSuppressedLogits(g, x, 'language_model.lm_head', dims.hidden, vocab, eosTokenId);
  g.output(logits, 'logits', 'float32', ['batch_size', 'decoder_sequence_length', vocab]);
  return g.graph();
}
