/**
 * Zero-shot object detection for Grounding DINO (transformers.js's GroundingDinoForObjectDetection,
 * one `onnx/model.onnx`): pixel_values [b,3,S,S] + pixel_mask, input_ids / attention_mask /
 * token_type_ids [b,t] → BERT-style text encoder and patch image encoder → `queries` learned
 * object queries attend over the image, then over the text → logits [b, queries, t] (query ·
 * token similarity, padding tokens masked) and pred_boxes [b, queries, 4] (sigmoid cx, cy, w, h).
 * GroundingDinoProcessor's post_process_grounded_object_detection maps tokens above the threshold
 * back to phrases. Like the real model it takes ONE prompt per image: join the candidate labels
 * ("a cat. a dog.") rather than passing a list (a list tokenizes to a text batch ≠ image batch).
 */
import type { ForgeContract, ForgedFolder } from '../contracts/contract.js';
import { attention, conv2d, embedding, layerNorm, linear, paddingMaskBias } from '../onnx/blocks.js';
import { GraphBuilder } from '../onnx/graph-builder.js';
import { json, wordPieceTokenizer } from '../tokenizers/tokenizer-files.js';
import { imagePreprocessorConfig } from '../config/image-preprocessor-config.js';
import { encoderLayer, flattenToTokens, learnedTokens } from '../onnx/vision-blocks.js';

/** Image side, patch and object-query count of forged Grounding DINO models. */
export const GROUNDING_DINO = Object.freeze({ imageSize: 32, patch: 8, queries: 10 });

export const groundingDinoContract: ForgeContract = {
  name: 'grounding-dino',
  supports(entry, task) {
    if (entry.family !== 'grounding-dino') return `not the grounding-dino family (${entry.family})`;
    if (task.task !== 'zero-shot-object-detection') return `task ${task.task} is not zero-shot-object-detection`;
    return true;
  },
  build(ctx) {
    const { imageSize, patch, queries } = GROUNDING_DINO;
    const { hidden, heads, intermediate, maxPositions } = ctx.size;
    const tok = wordPieceTokenizer(maxPositions);
    const g = new GraphBuilder({ seed: ctx.seed, name: `${ctx.entry.family}-${ctx.task.task}` });
    const pixels = g.input('pixel_values', 'float32', ['batch_size', 3, imageSize, imageSize]);
    const ids = g.input('input_ids', 'int64', ['batch_size', 'sequence_length']);
    g.input('token_type_ids', 'int64', ['batch_size', 'sequence_length']);
    const mask = g.input('attention_mask', 'int64', ['batch_size', 'sequence_length']);
    g.input('pixel_mask', 'int64', ['batch_size', imageSize, imageSize]);
    const textBias = paddingMaskBias(g, mask);
    let text = embedding(g, ids, 'model.text_backbone.embeddings.word_embeddings', tok.vocabSize, hidden);
    text = layerNorm(g, encoderLayer(g, text, hidden, heads, intermediate, 'model.text_backbone.encoder.layer.0', [textBias]), 'model.text_projection_norm', hidden);
    const tokens = (imageSize / patch) ** 2;
    let image = flattenToTokens(g, conv2d(g, pixels, 'model.backbone.patch_embed', { inChannels: 3, outChannels: hidden, kernel: patch, stride: patch }), hidden, tokens);
    image = g.op1('Add', [image, g.weight('model.backbone.position_embeddings', [1, tokens, hidden], { std: 0.5 })]);
    image = encoderLayer(g, image, hidden, heads, intermediate, 'model.encoder.layers.0');
    let q = learnedTokens(g, image, hidden, queries, 'model.query_position_embeddings');
    q = g.op1('Add', [q, attention(g, layerNorm(g, q, 'model.decoder.layers.0.norm1', hidden), 'model.decoder.layers.0.encoder_attn', { hidden, heads, maskBiases: [], keyValueSource: image }).out]);
    q = g.op1('Add', [q, attention(g, layerNorm(g, q, 'model.decoder.layers.0.norm2', hidden), 'model.decoder.layers.0.encoder_attn_text', { hidden, heads, maskBiases: [textBias], keyValueSource: text }).out]);
    q = layerNorm(g, q, 'model.decoder.layer_norm', hidden);
    const similarity = g.op1('Mul', [g.op1('MatMul', [q, g.op1('Transpose', [text], { perm: [0, 2, 1] })]), g.constFloat(1 / Math.sqrt(hidden), [])]);
    const logits = g.op1('Add', [similarity, g.op1('Squeeze', [textBias, g.constInt64([1])])]);
    g.output(logits, 'logits', 'float32', ['batch_size', queries, 'sequence_length']);
    g.output(g.op1('Sigmoid', [linear(g, q, 'bbox_embed', hidden, 4)]), 'pred_boxes', 'float32', ['batch_size', queries, 4]);
    const config = {
      model_type: 'grounding-dino',
      architectures: [ctx.task.modelClass],
      d_model: hidden,
      num_queries: queries,
      decoder_layers: 1,
      encoder_layers: 1,
      text_config: { model_type: 'bert', vocab_size: tok.vocabSize, hidden_size: hidden, num_hidden_layers: 1, num_attention_heads: heads },
      backbone_config: { model_type: 'swin', image_size: imageSize, patch_size: patch },
    };
    const preprocessor = imagePreprocessorConfig({ processorType: 'GroundingDinoImageProcessor', style: 'height-width', imageSize, extra: { processor_class: 'GroundingDinoProcessor' } });
    const folder: ForgedFolder = { 'config.json': json(config), 'preprocessor_config.json': json(preprocessor), ...tok.files, 'onnx/model.onnx': g.graph() };
    return folder;
  },
};
