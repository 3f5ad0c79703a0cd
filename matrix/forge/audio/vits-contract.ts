/**
 * VITS text-to-waveform (AutoModelForTextToWaveform → VitsModel, one `onnx/model.onnx`):
 * input_ids, attention_mask [batch_size, sequence_length] → token embedding, one masked encoder
 * layer, a transposed-conv upsampler (16 samples per token), tanh → `waveform [batch_size, samples]`
 * and `spectrogram [batch_size, channels, sequence_length]`. Padded positions are silenced.
 */
import type { ForgeContract, ForgedFolder } from '../contracts/contract.js';
import { embedding, paddingMaskBias } from '../onnx/blocks.js';
import { GraphBuilder } from '../onnx/graph-builder.js';
import { byteLevelBpeTokenizer, json } from '../tokenizers/tokenizer-files.js';
import { encoderLayer } from '../onnx/vision-blocks.js';

/** Samples per input token and the output sampling rate of forged VITS models. */
export const VITS = Object.freeze({ samplesPerToken: 16, samplingRate: 16000 });

export const vitsContract: ForgeContract = {
  name: 'vits',
  supports(entry, task) {
    if (entry.family !== 'vits') return `not the vits family (${entry.family})`;
    if (task.task !== 'text-to-audio') return `task ${task.task} is not text-to-audio`;
    return true;
  },
  build(ctx) {
    const { hidden, heads, intermediate } = ctx.size;
    const tok = byteLevelBpeTokenizer(ctx.size.maxPositions);
    const g = new GraphBuilder({ seed: ctx.seed, name: 'vits-text-to-audio' });
    const ids = g.input('input_ids', 'int64', ['batch_size', 'sequence_length']);
    const mask = g.input('attention_mask', 'int64', ['batch_size', 'sequence_length']);
    let x = embedding(g, ids, 'text_encoder.embed_tokens', tok.vocabSize, hidden);
    x = encoderLayer(g, x, hidden, heads, intermediate, 'text_encoder.encoder.layers.0', [paddingMaskBias(g, mask)]);
    const keep = g.op1('Unsqueeze', [g.op1('Cast', [mask], { to: 1 }), g.constInt64([1])]);
    const spec = g.op1('Mul', [g.op1('Transpose', [x], { perm: [0, 2, 1] }), keep]);
    const w = g.weight('decoder.upsampler.weight', [hidden, 1, VITS.samplesPerToken], { std: 1 / Math.sqrt(hidden) });
    const wave = g.op1('Tanh', [g.op1('ConvTranspose', [spec, w], { kernel_shape: [VITS.samplesPerToken], strides: [VITS.samplesPerToken] })]);
    g.output(g.op1('Reshape', [wave, g.constInt64([0, -1])]), 'waveform', 'float32', ['batch_size', 'num_samples']);
    g.output(spec, 'spectrogram', 'float32', ['batch_size', hidden, 'sequence_length']);
    const config = { model_type: 'vits', architectures: [ctx.task.modelClass], hidden_size: hidden, num_hidden_layers: 1, num_attention_heads: heads, vocab_size: tok.vocabSize, sampling_rate: VITS.samplingRate, pad_token_id: tok.padTokenId };
    const folder: ForgedFolder = { 'config.json': json(config), ...tok.files, 'onnx/model.onnx': g.graph() };
    return folder;
  },
};
