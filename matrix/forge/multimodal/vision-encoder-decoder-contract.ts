/**
 * vision-encoder-decoder (Donut / TrOCR-style image-to-text and document QA): transformers.js's
 * Vision2Seq type loads `onnx/encoder_model.onnx` (pixel_values → last_hidden_state: patch conv,
 * learned positions, one transformer layer) and `onnx/decoder_model_merged.onnx` (an MBart-style
 * decoder with self-attention cache and cross-attention, the shared crossDecoder). config.json
 * nests `encoder` (ViT) and `decoder` (MBart) configs as real exports do.
 */
import { crossDecoder } from '../onnx/cross-decoder.js';
import type { ForgeContract, ForgedFolder } from '../contracts/contract.js';
import { conv2d, layerNorm } from '../onnx/blocks.js';
import { GraphBuilder } from '../onnx/graph-builder.js';
import { byteLevelBpeTokenizer, json } from '../tokenizers/tokenizer-files.js';
import { imagePreprocessorConfig } from '../config/image-preprocessor-config.js';
import { addPositions, encoderLayer, flattenToTokens } from '../onnx/vision-blocks.js';

/** Patch side of the forged ViT encoder; max target length of the decoder. */
/** `maxTarget` bounds generation (max_length); the position table holds 4× that, since document-QA prompts are long. */
export const VED = Object.freeze({ patch: 8, maxTarget: 64 });

export const visionEncoderDecoderContract: ForgeContract = {
  name: 'vision-encoder-decoder',
  supports(entry, task) {
    if (entry.family !== 'vision-encoder-decoder') return `not the vision-encoder-decoder family (${entry.family})`;
    if (task.modelClass !== 'VisionEncoderDecoderModel') return `task ${task.task} is not a VisionEncoderDecoderModel task`;
    return true;
  },
  build(ctx) {
    const imageSize = ctx.size.imageSize ?? 32;
    const { hidden, layers, heads, intermediate } = ctx.size;
    const tokens = (imageSize / VED.patch) ** 2;
    const tok = byteLevelBpeTokenizer(VED.maxTarget);
    const g = new GraphBuilder({ seed: ctx.seed, name: 'vision-encoder-decoder-encoder' });
    const pixels = g.input('pixel_values', 'float32', ['batch_size', 3, imageSize, imageSize]);
    let x = flattenToTokens(g, conv2d(g, pixels, 'encoder.embeddings.patch', { inChannels: 3, outChannels: hidden, kernel: VED.patch, stride: VED.patch }), hidden);
    x = addPositions(g, x, tokens, hidden, 'encoder.embeddings');
    x = layerNorm(g, encoderLayer(g, x, hidden, heads, intermediate, 'encoder.layer.0'), 'encoder.layernorm', hidden);
    g.output(x, 'last_hidden_state', 'float32', ['batch_size', tokens, hidden]);
    const decoder = crossDecoder({ vocab: tok.vocabSize, hidden, layers, heads, intermediate, maxPositions: VED.maxTarget * 4 }, ctx.seed + 1, 'vision-encoder-decoder-decoder');
    const ids = { decoder_start_token_id: tok.bosTokenId, bos_token_id: tok.bosTokenId, eos_token_id: tok.eosTokenId, pad_token_id: tok.padTokenId };
    const config = {
      model_type: 'vision-encoder-decoder',
      architectures: [ctx.task.modelClass],
      is_encoder_decoder: true,
      encoder: { model_type: 'vit', hidden_size: hidden, num_hidden_layers: 1, num_attention_heads: heads, intermediate_size: intermediate, image_size: imageSize, patch_size: VED.patch },
      decoder: {
        model_type: 'mbart',
        d_model: hidden,
        decoder_layers: layers,
        decoder_attention_heads: heads,
        encoder_layers: 1,
        encoder_attention_heads: heads,
        decoder_ffn_dim: intermediate,
        vocab_size: tok.vocabSize,
        max_position_embeddings: VED.maxTarget,
        is_decoder: true,
        add_cross_attention: true,
        ...ids,
      },
      ...ids,
    };
    const folder: ForgedFolder = {
      'config.json': json(config),
      'generation_config.json': json({ ...ids, max_length: VED.maxTarget }),
      'preprocessor_config.json': json(imagePreprocessorConfig({ processorType: 'ViTImageProcessor', style: 'height-width', imageSize, extra: { image_mean: [0.5, 0.5, 0.5], image_std: [0.5, 0.5, 0.5] } })),
      ...tok.files,
      'onnx/encoder_model.onnx': g.graph(),
      'onnx/decoder_model_merged.onnx': decoder,
    };
    return folder;
  },
};
