/**
 * MGP-STR scene-text recognition: pixel_values [batch_size,3,H,W] → ViT patch tokens, one encoder
 * layer, then three attention-pooled heads (character, BPE, WordPiece) over `maxTokens` learned
 * queries → `char_logits`, `bpe_logits`, `wp_logits` [batch_size, maxTokens, vocab_of_head].
 */
import type { ForgedFolder } from '../contracts/forged-folder.js';
import { conv2d, layerNorm, linear } from '../onnx/blocks.js';
import { GraphBuilder } from '../onnx/graph-builder.js';
import { json } from '../tokenizers/tokenizer-files.js';
import { mgpStrTokenizerFiles } from '../tokenizers/mgp-str-tokenizers.js';
import { imagePreprocessorConfig } from '../config/image-preprocessor-config.js';
import { encoderLayer, flattenToTokens, learnedTokens } from '../onnx/vision-blocks.js';

export const MGP_STR = Object.freeze({ height: 16, width: 32, patch: 4, hidden: 16, maxTokens: 8, charVocab: 38, bpeVocab: 50, wpVocab: 40 });

export function mgpStrFolder(o: { seed: number; name: string; architecture: string }): ForgedFolder {
  const { height, width, patch, hidden, maxTokens, charVocab, bpeVocab, wpVocab } = MGP_STR;
  const g = new GraphBuilder({ seed: o.seed, name: o.name });
  const pixels = g.input('pixel_values', 'float32', ['batch_size', 3, height, width]);
  let x = flattenToTokens(g, conv2d(g, pixels, 'embeddings.proj', { inChannels: 3, outChannels: hidden, kernel: patch, stride: patch }), hidden);
  x = g.op1('Add', [x, g.weight('embeddings.pos_embed', [1, (height / patch) * (width / patch), hidden], { std: 0.5 })]);
  x = layerNorm(g, encoderLayer(g, x, hidden, 2, hidden * 2, 'encoder.blocks.0'), 'encoder.norm', hidden);
  const head = (name: string, vocab: number) => {
    const queries = learnedTokens(g, x, hidden, maxTokens, `${name}_a3_module`);
    const scores = g.op1('Softmax', [g.op1('MatMul', [queries, g.op1('Transpose', [x], { perm: [0, 2, 1] })])], { axis: -1 });
    return linear(g, g.op1('MatMul', [scores, x]), `${name}_head`, hidden, vocab);
  };
  g.output(head('char', charVocab), 'char_logits', 'float32', ['batch_size', maxTokens, charVocab]);
  g.output(head('bpe', bpeVocab), 'bpe_logits', 'float32', ['batch_size', maxTokens, bpeVocab]);
  g.output(head('wp', wpVocab), 'wp_logits', 'float32', ['batch_size', maxTokens, wpVocab]);
  const config = {
    model_type: 'mgp-str',
    architectures: [o.architecture],
    image_size: [height, width],
    patch_size: patch,
    hidden_size: hidden,
    num_hidden_layers: 1,
    num_attention_heads: 2,
    max_token_length: maxTokens,
    num_character_labels: charVocab,
    num_bpe_labels: bpeVocab,
    num_wordpiece_labels: wpVocab,
  };
  const preprocessor = { ...imagePreprocessorConfig({ processorType: 'ViTImageProcessor', style: 'height-width', imageSize: height }), size: { height, width }, image_mean: [0.5, 0.5, 0.5], image_std: [0.5, 0.5, 0.5] };
  // For MgpstrProcessor.from_pretrained (opt-in; AutoProcessor stays the plain image processor): the char
  // tokenizer here, its two Hub tokenizers under hub/ — set env.localModelPath to that folder first.
  return { 'config.json': json(config), 'preprocessor_config.json': json(preprocessor), ...mgpStrTokenizerFiles({ charVocab, bpeVocab, wpVocab }), 'onnx/model.onnx': g.graph() };
}
