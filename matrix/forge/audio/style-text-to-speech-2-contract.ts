/**
 * Text-to-audio for StyleTTS 2 / Kokoro (`style_text_to_speech_2`, transformers.js's
 * StyleTextToSpeech2Model: one `onnx/model.onnx` run as a plain forward, batch 1 as in Kokoro's
 * export): input_ids [1, s], style [1, styleDim], speed [1] → style-conditioned text encoder →
 * per-token durations (1…maxFrames frames, shorter when faster) → duration alignment (each frame
 * copies its token's state, built with CumSum and comparisons) → transposed-conv decoder →
 * waveform [frames · samplesPerFrame]. Drive it with `model({ input_ids, style, speed })`.
 */
import type { ForgeContract, ForgedFolder } from '../contracts/contract.js';
import { embedding, layerNorm, linear } from '../onnx/blocks.js';
import { GraphBuilder } from '../onnx/graph-builder.js';
import { byteLevelBpeTokenizer, json } from '../tokenizers/tokenizer-files.js';
import { encoderLayer } from '../onnx/vision-blocks.js';

/** Style width, longest per-token duration, samples per frame and rate of forged StyleTTS 2 models. */
export const STYLE_TTS2 = Object.freeze({ styleDim: 16, maxFrames: 4, samplesPerFrame: 8, samplingRate: 24000 });

export const styleTextToSpeech2Contract: ForgeContract = {
  name: 'style-text-to-speech-2',
  supports(entry, task) {
    if (entry.family !== 'style_text_to_speech_2') return `not the style_text_to_speech_2 family (${entry.family})`;
    if (task.task !== 'text-to-audio') return `task ${task.task} is not text-to-audio`;
    return true;
  },
  build(ctx) {
    const { styleDim, maxFrames, samplesPerFrame, samplingRate } = STYLE_TTS2;
    const { hidden, heads, intermediate, maxPositions } = ctx.size;
    const tok = byteLevelBpeTokenizer(maxPositions);
    const g = new GraphBuilder({ seed: ctx.seed, name: `${ctx.entry.family}-${ctx.task.task}` });
    const ids = g.input('input_ids', 'int64', [1, 'sequence_length']);
    const style = g.input('style', 'float32', [1, styleDim]);
    const speed = g.input('speed', 'float32', [1]);
    let x = g.op1('Add', [embedding(g, ids, 'bert.embeddings.word_embeddings', tok.vocabSize, hidden), g.op1('Unsqueeze', [linear(g, style, 'text_encoder.style_proj', styleDim, hidden), g.constInt64([1])])]);
    x = layerNorm(g, encoderLayer(g, x, hidden, heads, intermediate, 'text_encoder.layers.0'), 'text_encoder.norm', hidden);
    const states = g.op1('Squeeze', [x, g.constInt64([0])]);
    // durations [s]: clip(round(maxFrames · sigmoid(w·h) / speed), 1, maxFrames) frames.
    const raw = g.op1('Div', [g.op1('Mul', [g.op1('Sigmoid', [g.op1('Squeeze', [linear(g, states, 'predictor.duration_proj', hidden, 1), g.constInt64([-1])])]), g.constFloat(maxFrames, [])]), speed]);
    const frames = g.op1('Cast', [g.op1('Clip', [g.op1('Round', [raw]), g.constFloat(1, []), g.constFloat(maxFrames, [])])], { to: 7 });
    const end = g.op1('CumSum', [frames, g.constInt64(0, [])]);
    const start = g.op1('Sub', [end, frames]);
    const total = g.op1('ReduceSum', [frames, g.constInt64([0])], { keepdims: 0 });
    const frame = g.op1('Unsqueeze', [g.op1('Range', [g.constInt64(0, []), total, g.constInt64(1, [])]), g.constInt64([0])]);
    const owns = g.op1('And', [
      g.op1('GreaterOrEqual', [frame, g.op1('Unsqueeze', [start, g.constInt64([1])])]),
      g.op1('Less', [frame, g.op1('Unsqueeze', [end, g.constInt64([1])])]),
    ]);
    const aligned = g.op1('MatMul', [g.op1('Transpose', [g.op1('Cast', [owns], { to: 1 })], { perm: [1, 0] }), states]);
    const map = g.op1('Unsqueeze', [g.op1('Transpose', [aligned], { perm: [1, 0] }), g.constInt64([0])]);
    const w = g.weight('decoder.generator.upsample.weight', [hidden, 1, samplesPerFrame], { std: 1 / Math.sqrt(hidden) });
    const wave = g.op1('Tanh', [g.op1('ConvTranspose', [map, w], { kernel_shape: [samplesPerFrame], strides: [samplesPerFrame] })]);
    g.output(g.op1('Reshape', [wave, g.constInt64([-1])]), 'waveform', 'float32', ['num_samples']);
    const config = { model_type: 'style_text_to_speech_2', architectures: [ctx.task.modelClass], hidden_size: hidden, style_dim: styleDim, vocab_size: tok.vocabSize, sampling_rate: samplingRate, max_frames_per_token: maxFrames };
    const folder: ForgedFolder = { 'config.json': json(config), ...tok.files, 'onnx/model.onnx': g.graph() };
    return folder;
  },
};
