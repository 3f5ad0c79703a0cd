/**
 * CLIPSeg text-prompted segmentation: one `onnx/model.onnx` with a text tower and a ViT image
 * tower; the text embedding modulates (FiLM) the image feature map, a 1×1 conv and a resize give
 * `logits [batch, H, W]` at the input size. Each prompt pairs with one image (equal batches).
 */
import type { FamilyEntry, FamilyTask } from '../../../generator/types.js';
import type { ForgeContext, ForgeContract, ForgedFolder } from '../contracts/contract.js';
import { linear } from '../onnx/blocks.js';
import { GraphBuilder } from '../onnx/graph-builder.js';
import { byteLevelBpeTokenizer, json } from '../tokenizers/tokenizer-files.js';
import { pointwise, resizeLike } from '../vision/dense-heads.js';
import { textTower } from './dual-towers.js';
import { imageBackbone } from '../vision/image-backbone.js';
import { imagePreprocessorConfig } from '../config/image-preprocessor-config.js';
import { intAt } from '../config/real-dims.js';
import { towerSpecFromConfig } from './tower-spec-from-config.js';
import { realConfigFolder } from '../config/real-config.js';

const TEXT_MAX_LENGTH = 64;

export const textConditionedSegmentationContract: ForgeContract = {
  name: 'text-conditioned-segmentation',
  supports(entry: FamilyEntry, task: FamilyTask): true | string {
    if (entry.family !== 'clipseg') return `no text-conditioned segmenter is forged for "${entry.family}"`;
    if (task.task !== 'image-segmentation') return `task "${task.task}" is not image-segmentation`;
    return true;
  },
  build(ctx: ForgeContext): ForgedFolder {
    const real = ctx.realConfig;
    const spec = towerSpecFromConfig(ctx);
    const imageSize = intAt(real, 'image_size') ?? ctx.size.imageSize ?? 32;
    const D = spec.hidden;
    const tok = byteLevelBpeTokenizer(TEXT_MAX_LENGTH);
    const g = new GraphBuilder({ seed: ctx.seed, name: 'clipseg' });
    const text = textTower(g, spec, tok.vocabSize, TEXT_MAX_LENGTH);
    const bb = imageBackbone(g, { kind: 'vit', imageSize, patchSize: 8, hidden: D, layers: spec.layers, heads: spec.heads, intermediate: spec.intermediate, classToken: true, registerTokens: 0 }, 'vision');
    const film = (name: string) => g.op1('Unsqueeze', [linear(g, text.embeds, name, spec.projection, D), g.constInt64([2, 3])]);
    const conditioned = g.op1('Relu', [g.op1('Add', [g.op1('Mul', [bb.featureMap, film('film_mul')]), film('film_add')])]);
    const logits = resizeLike(g, pointwise(g, conditioned, D, 1, 'decoder.out'), bb.pixels);
    g.output(g.op1('Squeeze', [logits, g.constInt64([1])]), 'logits', 'float32', ['batch_size', imageSize, imageSize]);
    const sub = { hidden_size: D, num_hidden_layers: spec.layers, num_attention_heads: spec.heads, intermediate_size: spec.intermediate };
    const config = {
      model_type: 'clipseg',
      architectures: [ctx.task.modelClass],
      projection_dim: spec.projection,
      text_config: { ...sub, vocab_size: tok.vocabSize, max_position_embeddings: TEXT_MAX_LENGTH },
      vision_config: { ...sub, image_size: imageSize, patch_size: 8 },
    };
    const preprocessor = imagePreprocessorConfig({ processorType: 'ViTImageProcessor', style: 'height-width', imageSize });
    return realConfigFolder({ ...tok.files, 'config.json': json(config), 'preprocessor_config.json': json(preprocessor), 'onnx/model.onnx': g.graph() }, ctx);
  },
};
