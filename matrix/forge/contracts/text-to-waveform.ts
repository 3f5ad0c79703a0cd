/**
 * VITS text-to-speech (transformers.js's VitsModel): one `onnx/model.onnx`, `input_ids` +
 * `attention_mask` → `waveform [batch, samples]` and `spectrogram [batch, mel, frames]`. The tiny
 * graph encodes the characters with a masked transformer, turns each token into a fixed number
 * of mel frames (no duration predictor) and each frame into samples with a tanh vocoder layer.
 */
import type { FamilyEntry, FamilyTask } from '../../../generator/types.js';
import type { ForgeContext, ForgeContract, ForgedFolder } from '../contract.js';
import { embedding, layerNorm, linear, paddingMaskBias } from '../onnx/blocks.js';
import { GraphBuilder } from '../onnx/graph-builder.js';
import { json, wordPieceTokenizer } from '../tokenizer-files.js';
import { encoderLayer } from '../vision/vision-blocks.js';
import { intAt } from '../vision/real-dims.js';
import { realConfigFolder } from './real-config.js';

/** Mel frames per input token, samples per frame, mel bins of the forged VITS. */
export const VITS = Object.freeze({ framesPerToken: 4, samplesPerFrame: 64, melBins: 16, rate: 16000 });

export const textToWaveformContract: ForgeContract = {
  name: 'text-to-waveform',
  supports(entry: FamilyEntry, task: FamilyTask): true | string {
    if (entry.family !== 'vits') return `no text-to-waveform model is forged for "${entry.family}"`;
    if (task.task !== 'text-to-audio') return `task "${task.task}" is not text-to-audio`;
    return true;
  },
  build(ctx: ForgeContext): ForgedFolder {
    const real = ctx.realConfig;
    const D = intAt(real, 'hidden_size') ?? ctx.size.hidden;
    const heads = intAt(real, 'num_attention_heads') ?? ctx.size.heads;
    const layers = intAt(real, 'num_hidden_layers') ?? ctx.size.layers;
    const ffn = intAt(real, 'ffn_dim') ?? ctx.size.intermediate;
    const tok = wordPieceTokenizer(ctx.size.maxPositions);
    const g = new GraphBuilder({ seed: ctx.seed, name: 'vits' });
    const ids = g.input('input_ids', 'int64', ['batch_size', 'sequence_length']);
    const mask = g.input('attention_mask', 'int64', ['batch_size', 'sequence_length']);
    let x = embedding(g, ids, 'text_encoder.embed_tokens', tok.vocabSize, D);
    for (let i = 0; i < layers; i++) x = encoderLayer(g, x, D, heads, ffn, `text_encoder.layers.${i}`, [paddingMaskBias(g, mask)]);
    x = layerNorm(g, x, 'text_encoder.norm', D);
    // Silence padded tokens, then expand each token to framesPerToken mel frames.
    const keep = g.op1('Unsqueeze', [g.op1('Cast', [mask], { to: 1 }), g.constInt64([-1])]);
    const frames = g.op1('Reshape', [g.op1('Mul', [linear(g, x, 'duration_expand', D, VITS.framesPerToken * VITS.melBins), keep]), g.constInt64([0, -1, VITS.melBins])]);
    g.output(g.op1('Transpose', [frames], { perm: [0, 2, 1] }), 'spectrogram', 'float32', ['batch_size', VITS.melBins, 'num_frames']);
    const samples = g.op1('Tanh', [linear(g, frames, 'decoder.conv_post', VITS.melBins, VITS.samplesPerFrame)]);
    g.output(g.op1('Reshape', [samples, g.constInt64([0, -1])]), 'waveform', 'float32', ['batch_size', 'num_samples']);
    const config = {
      model_type: 'vits',
      architectures: [ctx.task.modelClass],
      hidden_size: D,
      num_hidden_layers: layers,
      num_attention_heads: heads,
      ffn_dim: ffn,
      vocab_size: tok.vocabSize,
      spectrogram_bins: VITS.melBins,
      sampling_rate: VITS.rate,
    };
    const tokenizerConfig = { ...JSON.parse(tok.files['tokenizer_config.json'] as string), tokenizer_class: 'VitsTokenizer' };
    return realConfigFolder({ ...tok.files, 'tokenizer_config.json': json(tokenizerConfig), 'config.json': json(config), 'onnx/model.onnx': g.graph() }, ctx);
  },
};
