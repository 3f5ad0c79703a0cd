/**
 * Phi-3-vision (transformers.js's Phi3VForCausalLM, task text-generation): three sessions, always
 * loaded — `onnx/vision_encoder.onnx` (pixel_values [1, crops, 3, 336, 336] + image_sizes [1, 2] →
 * image_features [N, hidden], N = (h/336 · w/336 + 1) · 144 + 1 + (h/336 + 1) · 12, the count
 * Phi3VProcessor writes), `onnx/prepare_inputs_embeds.onnx` (input_ids with image positions as
 * negative ids + image_features → inputs_embeds) and `onnx/model.onnx` (inputs_embeds + KV cache
 * → logits). Text-only prompts send an empty [0, hidden] image_features. Batch 1 for images, as
 * Phi-3-vision's export; any batch for text.
 */
import type { ForgeContract, ForgedFolder } from '../contracts/contract.js';
import { conv2d, embedding, linear } from '../onnx/blocks.js';
import type { ForgeGraph } from '../onnx/forge-graph.js';
import { GraphBuilder } from '../onnx/graph-builder.js';
import { embedsDecoder } from '../onnx/embeds-decoder.js';
import { specialTokenizer } from '../tokenizers/special-tokens.js';
import { json } from '../tokenizers/tokenizer-files.js';
import { encoderLayer, flattenToTokens } from '../onnx/vision-blocks.js';
import { specialTokenIds } from '../tokenizers/special-token-ids.js';
import { decoderDimsConfig } from '../config/decoder-dims-config.js';

/** Crop side (fixed by transformers.js), tokens per crop and patch of forged Phi-3-vision models. */
export const PHI3_V = Object.freeze({ crop: 336, tokensPerCrop: 144, patch: 28, visionHidden: 16, numCrops: 4 });

export const phi3VContract: ForgeContract = {
  name: 'phi3-v',
  supports(entry, task) {
    if (entry.family !== 'phi3_v') return `not the phi3_v family (${entry.family})`;
    if (task.task !== 'text-generation') return `task ${task.task} is not text-generation`;
    return true;
  },
  build(ctx) {
    const tok = specialTokenizer({ tokens: ['<|image|>', '<|user|>', '<|assistant|>', '<|end|>'], modelMaxLength: 4096 });
    const { hidden, layers, heads, kvHeads, intermediate } = ctx.size;
    const name = `${ctx.entry.family}-${ctx.task.task}`;
    const lm = embedsDecoder({ seed: ctx.seed, name, vocab: tok.vocabSize, hidden, layers, heads, kvHeads, intermediate, eosTokenId: tok.eosTokenId, positions: '1d' });
    const config = {
      model_type: 'phi3_v',
      architectures: [ctx.task.modelClass],
      ...decoderDimsConfig(tok.vocabSize, ctx.size),
      max_position_embeddings: 4096,
      img_processor: { model_name: 'openai/clip-vit-large-patch14-336', image_dim_out: PHI3_V.visionHidden, num_img_tokens: PHI3_V.tokensPerCrop },
      ...specialTokenIds(tok),
    };
    const preprocessor = {
      image_processor_type: 'Phi3VImageProcessor',
      processor_class: 'Phi3VProcessor',
      num_crops: PHI3_V.numCrops,
      num_img_tokens: PHI3_V.tokensPerCrop,
      image_mean: [0.48145466, 0.4578275, 0.40821073],
      image_std: [0.26862954, 0.26130258, 0.27577711],
      do_rescale: true,
      rescale_factor: 1 / 255,
    };
    const folder: ForgedFolder = {
      'config.json': json(config),
      'generation_config.json': json(specialTokenIds(tok)),
      'preprocessor_config.json': json(preprocessor),
      ...tok.files,
      'onnx/vision_encoder.onnx': visionEncoder(ctx.seed, name, hidden),
      'onnx/prepare_inputs_embeds.onnx': prepareInputsEmbeds(ctx.seed, name, tok.vocabSize, hidden),
      'onnx/model.onnx': lm.decoder,
    };
    return folder;
  },
};

function prepareInputsEmbeds(seed: number, name: string, vocab: number, hidden: number): ForgeGraph {
  const g = new GraphBuilder({ seed, name: `${name}-prepare_inputs_embeds` });
  const ids = g.input('input_ids', 'int64', ['batch_size', 'sequence_length']);
  const features = g.input('image_features', 'float32', ['num_image_tokens', hidden]);
  const text = embedding(g, g.op1('Max', [ids, g.constInt64(0, [])]), 'model.embed_tokens', vocab, hidden);
  const flat = g.op1('Reshape', [text, g.constInt64([-1, hidden])]);
  const at = g.op1('Transpose', [g.op1('NonZero', [g.op1('Less', [g.op1('Reshape', [ids, g.constInt64([-1])]), g.constInt64(0, [])])])], { perm: [1, 0] });
  const merged = g.op1('Reshape', [g.op1('ScatterND', [flat, at, features]), g.op1('Shape', [text])]);
  g.output(merged, 'inputs_embeds', 'float32', ['batch_size', 'sequence_length', hidden]);
  return g.graph();
}

function visionEncoder(seed: number, name: string, hidden: number): ForgeGraph {
  const { crop, tokensPerCrop, patch, visionHidden: d } = PHI3_V;
  const side = Math.sqrt(tokensPerCrop);
  const g = new GraphBuilder({ seed: seed + 1, name: `${name}-vision_encoder` });
  const pixels = g.input('pixel_values', 'float32', ['batch_size', 'num_crops', 3, crop, crop]);
  const sizes = g.input('image_sizes', 'int64', ['batch_size', 2]);
  const crops = g.op1('Gather', [pixels, g.constInt64(0, [])], { axis: 0 });
  let x = flattenToTokens(g, conv2d(g, crops, 'vision_embed_tokens.img_processor.embeddings.patch_embedding', { inChannels: 3, outChannels: d, kernel: patch, stride: patch }), d, tokensPerCrop);
  x = encoderLayer(g, x, d, 2, d * 2, 'vision_embed_tokens.img_processor.encoder.layers.0');
  x = linear(g, x, 'vision_embed_tokens.img_projection', d, hidden);
  // rows = h/336, cols = w/336 of the first image; its first crop is the global view, then rows·cols sub-crops.
  const size = (i: number) => g.op1('Div', [g.op1('Slice', [g.op1('Gather', [sizes, g.constInt64(0, [])], { axis: 0 }), g.constInt64([i]), g.constInt64([i + 1])]), g.constInt64([crop])]);
  const rows = size(0);
  const subCrops = g.op1('Mul', [rows, size(1)]);
  const global = g.op1('Gather', [x, g.constInt64(0, [])], { axis: 0 });
  const subs = g.op1('Reshape', [g.op1('Slice', [x, g.constInt64([1]), g.op1('Add', [subCrops, g.constInt64([1])]), g.constInt64([0])]), g.constInt64([-1, hidden])]);
  // Separator tokens (Phi-3-vision's sub_GN per row and glb_GN): 1 + (rows + 1) · √tokensPerCrop.
  const separators = g.op1('Add', [g.constInt64([1]), g.op1('Mul', [g.op1('Add', [rows, g.constInt64([1])]), g.constInt64([side])])]);
  const sep = g.op1('Expand', [g.weight('vision_embed_tokens.sub_GN', [1, hidden], { std: 0.5 }), g.op1('Concat', [separators, g.constInt64([hidden])], { axis: 0 })]);
  g.output(g.op1('Concat', [subs, sep, global], { axis: 0 }), 'image_features', 'float32', ['num_image_tokens', hidden]);
  return g.graph();
}
