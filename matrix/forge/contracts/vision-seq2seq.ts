/**
 * Vision encoder-decoder image-to-text (TrOCR / Donut layout, transformers.js's
 * VisionEncoderDecoderModel): `onnx/encoder_model.onnx` (a ViT: `pixel_values` →
 * `last_hidden_state`) and `onnx/decoder_model_merged.onnx` (a TrOCR-style decoder with
 * self-attention KV cache and cross-attention), a byte-level BPE tokenizer and a generation config.
 */
import type { FamilyEntry, FamilyTask } from '../../../generator/types.js';
import type { ForgeContext, ForgeContract, ForgedFolder } from '../contract.js';
import { GraphBuilder } from '../onnx/graph-builder.js';
import { byteLevelBpeTokenizer, json } from '../tokenizer-files.js';
import { crossDecoder } from '../audio/cross-decoder.js';
import { imageBackbone } from '../vision/image-backbone.js';
import { imagePreprocessorConfig } from '../vision/image-preprocessor-config.js';
import { imageSpec } from './image-classification.js';
import { realConfigFolder } from './real-config.js';

const MAX_LENGTH = 32;

export const visionSeq2SeqContract: ForgeContract = {
  name: 'vision-seq2seq',
  supports(entry: FamilyEntry, task: FamilyTask): true | string {
    if (entry.family !== 'vision-encoder-decoder') return `no vision encoder-decoder is forged for "${entry.family}"`;
    if (task.task !== 'image-to-text') return `task "${task.task}" is not image-to-text`;
    return true;
  },
  build(ctx: ForgeContext): ForgedFolder {
    const spec = imageSpec(ctx, 'vit', true, 0);
    const D = spec.hidden;
    const tok = byteLevelBpeTokenizer(MAX_LENGTH);
    const g = new GraphBuilder({ seed: ctx.seed, name: 'vision-encoder' });
    const bb = imageBackbone(g, spec, 'encoder');
    g.output(bb.hiddenState, 'last_hidden_state', 'float32', bb.hiddenDims);
    const decoder = crossDecoder({ vocab: tok.vocabSize, hidden: D, layers: spec.layers, heads: spec.heads, intermediate: spec.intermediate, maxPositions: MAX_LENGTH }, ctx.seed + 1, 'trocr-decoder');
    const ids = { decoder_start_token_id: tok.bosTokenId, bos_token_id: tok.bosTokenId, eos_token_id: tok.eosTokenId, pad_token_id: tok.padTokenId };
    const config = {
      model_type: 'vision-encoder-decoder',
      architectures: ['VisionEncoderDecoderModel'],
      is_encoder_decoder: true,
      encoder: { model_type: 'vit', image_size: spec.imageSize, patch_size: spec.patchSize, hidden_size: D, num_hidden_layers: spec.layers, num_attention_heads: spec.heads, intermediate_size: spec.intermediate },
      decoder: {
        model_type: 'trocr',
        d_model: D,
        decoder_layers: spec.layers,
        decoder_attention_heads: spec.heads,
        decoder_ffn_dim: spec.intermediate,
        cross_attention_hidden_size: D,
        max_position_embeddings: MAX_LENGTH,
        vocab_size: tok.vocabSize,
        is_decoder: true,
        add_cross_attention: true,
      },
      ...ids,
    };
    return realConfigFolder(
      {
        'config.json': json(config),
        'generation_config.json': json({ ...ids, max_length: MAX_LENGTH }),
        'preprocessor_config.json': json(imagePreprocessorConfig({ processorType: 'ViTImageProcessor', style: 'height-width', imageSize: spec.imageSize })),
        ...tok.files,
        'onnx/encoder_model.onnx': g.graph(),
        'onnx/decoder_model_merged.onnx': decoder,
      },
      ctx,
    );
  },
};
