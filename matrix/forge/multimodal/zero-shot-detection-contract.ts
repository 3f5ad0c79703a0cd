/**
 * Zero-shot object detection, one `onnx/model.onnx` with a text tower and a ViT image tower.
 * OWL-ViT / OWLv2: every image patch is a box candidate, scored against every text query:
 * `input_ids`, `attention_mask`, `pixel_values` → `logits [batch, patches, texts]`,
 * `pred_boxes [batch, patches, 4]` (cx, cy, w, h in 0..1), `text_embeds [texts, projection]`.
 * Grounding DINO: learned queries decode the image (`pixel_values` masked by `pixel_mask`) and
 * are scored against every text token: `logits [batch, queries, text_tokens]`, `pred_boxes`.
 */
import type { FamilyEntry, FamilyTask } from '../../../generator/types.js';
import type { ForgeContext, ForgeContract, ForgedFolder } from '../contracts/contract.js';
import { linear, MASK_NEG } from '../onnx/blocks.js';
import { GraphBuilder } from '../onnx/graph-builder.js';
import { byteLevelBpeTokenizer, json, wordPieceTokenizer } from '../tokenizers/tokenizer-files.js';
import { similarity, textTower, type TowerSpec } from './dual-towers.js';
import { imageBackbone, imageBackboneOn } from '../vision/image-backbone.js';
import { detectionOutputs, queryDecoder } from '../vision/dense-heads.js';
import { l2Normalize } from '../onnx/vision-blocks.js';
import { imagePreprocessorConfig } from '../config/image-preprocessor-config.js';
import { intAt } from '../config/real-dims.js';
import { towerSpecFromConfig } from './tower-spec-from-config.js';
import { realConfigFolder } from '../config/real-config.js';

const PROCESSORS: Readonly<Record<string, string>> = Object.freeze({ owlvit: 'OwlViTImageProcessor', owlv2: 'Owlv2ImageProcessor', 'grounding-dino': 'GroundingDinoImageProcessor' });
/** Queries of the forged Grounding DINO decoder. */
export const GROUNDING_QUERIES = 10;
const TEXT_MAX_LENGTH = 64;

export const zeroShotDetectionContract: ForgeContract = {
  name: 'zero-shot-detection',
  supports(entry: FamilyEntry, task: FamilyTask): true | string {
    if (!PROCESSORS[entry.family]) return `no zero-shot detector is forged for "${entry.family}"`;
    if (task.task !== 'zero-shot-object-detection') return `task "${task.task}" is not zero-shot-object-detection`;
    return true;
  },
  build(ctx: ForgeContext): ForgedFolder {
    if (ctx.entry.family === 'grounding-dino') return buildGroundingDino(ctx);
    const real = ctx.realConfig;
    const spec = towerSpecFromConfig(ctx);
    const imageSize = intAt(real, 'image_size') ?? ctx.size.imageSize ?? 32;
    const patchSize = 8;
    const patches = (imageSize / patchSize) ** 2;
    const tok = byteLevelBpeTokenizer(TEXT_MAX_LENGTH);
    const g = new GraphBuilder({ seed: ctx.seed, name: `${ctx.entry.family}-detector` });
    const text = textTower(g, spec, tok.vocabSize, TEXT_MAX_LENGTH);
    const bb = imageBackbone(g, { kind: 'vit', imageSize, patchSize, hidden: spec.hidden, layers: spec.layers, heads: spec.heads, intermediate: spec.intermediate, classToken: true, registerTokens: 0 }, 'vision');
    const patchTokens = g.op1('Slice', [bb.hiddenState, g.constInt64([1]), g.constInt64([patches + 1]), g.constInt64([1])]);
    const classEmbeds = linear(g, patchTokens, 'class_head', spec.hidden, spec.projection);
    const flat = g.op1('Reshape', [classEmbeds, g.constInt64([-1, spec.projection])]);
    const scores = similarity(g, flat, text.embeds, 10, -5);
    const shape = g.op1('Concat', [g.op1('Slice', [g.op1('Shape', [bb.pixels]), g.constInt64([0]), g.constInt64([1])]), g.constInt64([patches, -1])], { axis: 0 });
    g.output(g.op1('Reshape', [scores.logits, shape]), 'logits', 'float32', ['batch_size', patches, 'text_batch_size']);
    const boxes = g.op1('Sigmoid', [linear(g, g.op1('Relu', [linear(g, patchTokens, 'box_head.0', spec.hidden, spec.hidden)]), 'box_head.1', spec.hidden, 4)]);
    g.output(boxes, 'pred_boxes', 'float32', ['batch_size', patches, 4]);
    g.output(scores.bNorm, 'text_embeds', 'float32', ['text_batch_size', spec.projection]);
    const sub = { hidden_size: spec.hidden, num_hidden_layers: spec.layers, num_attention_heads: spec.heads, intermediate_size: spec.intermediate };
    const config = {
      model_type: ctx.entry.family,
      architectures: [ctx.task.modelClass],
      projection_dim: spec.projection,
      text_config: { ...sub, vocab_size: tok.vocabSize, max_position_embeddings: TEXT_MAX_LENGTH },
      vision_config: { ...sub, image_size: imageSize, patch_size: patchSize },
    };
    const preprocessor = {
      ...imagePreprocessorConfig({ processorType: PROCESSORS[ctx.entry.family]!, style: 'height-width', imageSize }),
      processor_class: 'OwlViTProcessor',
    };
    return realConfigFolder(
      { ...tok.files, 'config.json': json(config), 'preprocessor_config.json': json(preprocessor), 'onnx/model.onnx': g.graph() },
      ctx,
    );
  },
};

/** Grounding DINO: token-level text features; the pipeline sends one image and one text row per label (averaged). */
function buildGroundingDino(ctx: ForgeContext): ForgedFolder {
  const real = ctx.realConfig;
  const spec: TowerSpec = {
    hidden: intAt(real, 'd_model', 'hidden_size') ?? ctx.size.hidden,
    layers: intAt(real, 'encoder_layers', 'num_hidden_layers') ?? ctx.size.layers,
    heads: intAt(real, 'encoder_attention_heads', 'num_attention_heads') ?? ctx.size.heads,
    intermediate: intAt(real, 'encoder_ffn_dim', 'intermediate_size') ?? ctx.size.intermediate,
    projection: 16,
  };
  const imageSize = ctx.size.imageSize ?? 32;
  const D = spec.hidden;
  const tok = wordPieceTokenizer(TEXT_MAX_LENGTH);
  const g = new GraphBuilder({ seed: ctx.seed, name: 'grounding-dino' });
  const text = textTower(g, spec, tok.vocabSize, TEXT_MAX_LENGTH);
  const tokens = l2Normalize(g, g.op1('ReduceMean', [linear(g, text.hidden, 'text_token_projection', D, spec.projection)], { axes: [0], keepdims: 0 }));
  const pixels = g.input('pixel_values', 'float32', ['batch_size', 3, imageSize, imageSize]);
  const pixelMask = g.input('pixel_mask', 'int64', ['batch_size', imageSize, imageSize]);
  const masked = g.op1('Mul', [pixels, g.op1('Unsqueeze', [g.op1('Cast', [pixelMask], { to: 1 }), g.constInt64([1])])]);
  const bb = imageBackboneOn(g, masked, { kind: 'vit', imageSize, patchSize: 8, hidden: D, layers: spec.layers, heads: spec.heads, intermediate: spec.intermediate, classToken: false, registerTokens: 0 }, 'vision');
  const queries = queryDecoder(g, bb.featureMap, D, spec.heads, GROUNDING_QUERIES, 1);
  const queryEmbeds = l2Normalize(g, linear(g, queries, 'query_projection', D, spec.projection));
  // Special tokens ([PAD] [UNK] [CLS] [SEP] [MASK], ids < 5) of the first text row never match a box (real models mask them too).
  const firstRow = g.op1('Gather', [text.ids, g.constInt64(0, [])], { axis: 0 });
  const specialBias = g.op1('Where', [g.op1('Less', [firstRow, g.constInt64(5, [])]), g.constFloat(MASK_NEG, []), g.constFloat(-5, [])]);
  const logits = g.op1('Add', [g.op1('Mul', [g.op1('MatMul', [queryEmbeds, g.op1('Transpose', [tokens], { perm: [1, 0] })]), g.constFloat(10, [])]), specialBias]);
  g.output(logits, 'logits', 'float32', ['batch_size', GROUNDING_QUERIES, 'sequence_length']);
  g.output(detectionOutputs(g, queries, D, 1).boxes, 'pred_boxes', 'float32', ['batch_size', GROUNDING_QUERIES, 4]);
  const config = {
    model_type: 'grounding-dino',
    architectures: [ctx.task.modelClass],
    d_model: D,
    encoder_layers: spec.layers,
    encoder_attention_heads: spec.heads,
    encoder_ffn_dim: spec.intermediate,
    num_queries: GROUNDING_QUERIES,
    max_text_len: TEXT_MAX_LENGTH,
    text_config: { model_type: 'bert', hidden_size: D, vocab_size: tok.vocabSize, max_position_embeddings: TEXT_MAX_LENGTH },
    backbone_config: { model_type: 'vit', image_size: imageSize, patch_size: 8 },
  };
  const preprocessor = {
    ...imagePreprocessorConfig({ processorType: 'GroundingDinoImageProcessor', style: 'height-width', imageSize }),
    processor_class: 'GroundingDinoProcessor',
  };
  return realConfigFolder({ ...tok.files, 'config.json': json(config), 'preprocessor_config.json': json(preprocessor), 'onnx/model.onnx': g.graph() }, ctx);
}
