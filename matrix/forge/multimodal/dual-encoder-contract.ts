/**
 * CLIP-style dual encoders (CLIP, SigLIP, Chinese-CLIP, GroupViT, Jina-CLIP, CLAP): for
 * zero-shot classification one `onnx/model.onnx` with both towers (`input_ids`,
 * `attention_mask` and `pixel_values` / `input_features` → `logits_per_image|audio`,
 * `logits_per_text`, `text_embeds`, `image_embeds|audio_embeds`; Jina-CLIP's own output names);
 * for image feature extraction `onnx/vision_model.onnx` (`image_embeds`, `last_hidden_state`).
 */
import type { FamilyEntry, FamilyTask } from '../../../generator/types.js';
import type { ForgeContext, ForgeContract, ForgedFolder } from '../contracts/contract.js';
import { GraphBuilder } from '../onnx/graph-builder.js';
import { byteLevelBpeTokenizer, json, wordPieceTokenizer } from '../tokenizers/tokenizer-files.js';
import { audioTower, imageTower, similarity, textTower } from './dual-towers.js';
import { imagePreprocessorConfig, type ResizeStyle } from '../config/image-preprocessor-config.js';
import { intAt } from '../config/real-dims.js';
import { towerSpecFromConfig } from './tower-spec-from-config.js';
import { realConfigFolder } from '../config/real-config.js';

interface DualFamily {
  other: 'image' | 'audio';
  tokenizer: 'bpe' | 'wordpiece';
  processorType?: string;
  style?: ResizeStyle;
  /**
   * Similarity = scale · cos + bias (SigLIP scores with a sigmoid, so it has a bias). Trained CLIPs
   * reach scale 100; random towers give near-equal cosines, which that scale would turn into a
   * softmax that flips under q4 rounding, so the forge uses 10.
   */
  scale: number;
  bias?: number;
  /** Jina-CLIP returns embeddings only, under its own names. */
  jina?: boolean;
}

const FAMILIES: Readonly<Record<string, DualFamily>> = Object.freeze({
  clip: { other: 'image', tokenizer: 'bpe', processorType: 'CLIPImageProcessor', style: 'shortest-edge-crop', scale: 10 },
  groupvit: { other: 'image', tokenizer: 'bpe', processorType: 'CLIPImageProcessor', style: 'shortest-edge-crop', scale: 10 },
  chinese_clip: { other: 'image', tokenizer: 'wordpiece', processorType: 'ChineseCLIPFeatureExtractor', style: 'shortest-edge-crop', scale: 10 },
  siglip: { other: 'image', tokenizer: 'bpe', processorType: 'SiglipImageProcessor', style: 'height-width', scale: 10, bias: -10 },
  jina_clip: { other: 'image', tokenizer: 'bpe', processorType: 'JinaCLIPImageProcessor', scale: 1, jina: true },
  clap: { other: 'audio', tokenizer: 'bpe', scale: 10 },
});
const TASKS = new Set(['zero-shot-image-classification', 'zero-shot-audio-classification', 'image-feature-extraction']);
/** Text length the forged tokenizers pad/truncate to (SigLIP pads to it). */
export const TEXT_MAX_LENGTH = 64;
const CLAP_MEL_BINS = 16;
const CLAP_HOP = 160;
const RATE = 16000;

export const dualEncoderContract: ForgeContract = {
  name: 'dual-encoder',
  supports(entry: FamilyEntry, task: FamilyTask): true | string {
    const family = FAMILIES[entry.family];
    if (!family) return `no dual encoder is forged for "${entry.family}"`;
    if (!TASKS.has(task.task) || (family.other === 'audio') !== task.task.includes('audio')) return `task "${task.task}" is not forged for ${entry.family}`;
    return true;
  },
  build(ctx: ForgeContext): ForgedFolder {
    const family = FAMILIES[ctx.entry.family]!;
    const real = ctx.realConfig;
    const spec = towerSpecFromConfig(ctx);
    const imageSize = intAt(real, 'image_size') ?? ctx.size.imageSize ?? 32;
    const tok = family.tokenizer === 'wordpiece' ? wordPieceTokenizer(TEXT_MAX_LENGTH) : byteLevelBpeTokenizer(TEXT_MAX_LENGTH);
    const folder: ForgedFolder = { ...tok.files };
    const g = new GraphBuilder({ seed: ctx.seed, name: `${ctx.entry.family}-${ctx.task.task}` });
    if (ctx.task.task === 'image-feature-extraction') {
      const image = imageTower(g, spec, imageSize);
      g.output(image.embeds, 'image_embeds', 'float32', ['batch_size', spec.projection]);
      g.output(image.hidden, 'last_hidden_state', 'float32', image.hiddenDims);
      folder['onnx/vision_model.onnx'] = g.graph();
    } else {
      const text = textTower(g, spec, tok.vocabSize, TEXT_MAX_LENGTH);
      const other = family.other === 'image' ? imageTower(g, spec, imageSize).embeds : audioTower(g, spec, CLAP_MEL_BINS);
      const sim = similarity(g, other, text.embeds, family.scale, family.bias);
      const rows = ['batch_size', 'text_batch_size'];
      if (family.jina) {
        g.output(text.embeds, 'text_embeddings', 'float32', ['text_batch_size', spec.projection]);
        g.output(other, 'image_embeddings', 'float32', ['batch_size', spec.projection]);
        g.output(sim.bNorm, 'l2norm_text_embeddings', 'float32', ['text_batch_size', spec.projection]);
        g.output(sim.aNorm, 'l2norm_image_embeddings', 'float32', ['batch_size', spec.projection]);
      } else {
        const kind = family.other;
        g.output(sim.logits, `logits_per_${kind}`, 'float32', rows);
        g.output(g.op1('Transpose', [sim.logits], { perm: [1, 0] }), 'logits_per_text', 'float32', [rows[1]!, rows[0]!]);
        g.output(sim.bNorm, 'text_embeds', 'float32', ['text_batch_size', spec.projection]);
        g.output(sim.aNorm, `${kind}_embeds`, 'float32', ['batch_size', spec.projection]);
      }
      folder['onnx/model.onnx'] = g.graph();
    }
    const sub = { hidden_size: spec.hidden, num_hidden_layers: spec.layers, num_attention_heads: spec.heads, intermediate_size: spec.intermediate };
    folder['config.json'] = json({
      model_type: ctx.entry.family,
      architectures: [ctx.task.modelClass],
      projection_dim: spec.projection,
      logit_scale_init_value: Math.log(family.scale),
      text_config: { ...sub, vocab_size: tok.vocabSize, max_position_embeddings: TEXT_MAX_LENGTH },
      [family.other === 'image' ? 'vision_config' : 'audio_config']: { ...sub, ...(family.other === 'image' ? { image_size: imageSize, patch_size: 8 } : { num_mel_bins: CLAP_MEL_BINS }) },
    });
    folder['preprocessor_config.json'] = json(family.other === 'audio' ? clapPreprocessor() : imagePreprocessor(family, imageSize));
    return realConfigFolder(folder, ctx);
  },
};

function imagePreprocessor(family: DualFamily, imageSize: number): Record<string, unknown> {
  if (family.jina) {
    return { image_processor_type: family.processorType, processor_class: 'JinaCLIPProcessor', size: imageSize, resize_mode: 'squash', interpolation: 'bilinear', image_mean: [0.5, 0.5, 0.5], image_std: [0.5, 0.5, 0.5] };
  }
  return imagePreprocessorConfig({ processorType: family.processorType!, style: family.style!, imageSize });
}

/** ClapFeatureExtractor keys for 1 s clips (shorter clips are repeat-padded; no random truncation below 1 s). */
function clapPreprocessor(): Record<string, unknown> {
  return {
    feature_extractor_type: 'ClapFeatureExtractor',
    feature_size: CLAP_MEL_BINS,
    sampling_rate: RATE,
    fft_window_size: 400,
    nb_frequency_bins: 201,
    hop_length: CLAP_HOP,
    frequency_min: 50,
    frequency_max: 8000,
    max_length_s: 1,
    nb_max_samples: RATE,
    padding: 'repeatpad',
    truncation: 'rand_trunc',
    padding_value: 0,
    return_attention_mask: false,
  };
}
