/**
 * Neural audio codecs (DAC, Mimi, SNAC) as transformers.js's AutoEncoder type loads them:
 * `onnx/encoder_model.onnx` (input_values [batch_size,1,samples] → discrete codes) and
 * `onnx/decoder_model.onnx` (codes → audio_values [batch_size,1,samples']).
 * Encoder: strided conv to latent frames, then vector quantisation (nearest codebook entry by
 * ArgMax of 2·x·E − |E|²). Residual VQ with `levels` codebooks at full frame rate (DAC, Mimi:
 * `audio_codes [batch_size, levels, frames]`), or one codebook per scale with coarse scales
 * average-pooled (SNAC: `audio_codes.N [batch_size, frames / stride_N]`). Decoder: sum of code
 * embeddings (coarse ones repeated), transposed conv back to samples, tanh.
 */
import type { ForgedFolder } from '../contracts/forged-folder.js';
import type { ForgeGraph } from '../onnx/forge-graph.js';
import { GraphBuilder } from '../onnx/graph-builder.js';
import { json } from '../tokenizers/tokenizer-files.js';

export interface AudioCodecSpec {
  seed: number;
  name: string;
  modelType: string;
  architecture: string;
  featureExtractorType: string;
  samplingRate: number;
  /** Samples per latent frame (conv kernel = stride). */
  hop: number;
  latent: number;
  codebookSize: number;
  /** `rvq`: `levels` residual codebooks at full rate; `multiscale`: one codebook per stride. */
  layout: { kind: 'rvq'; levels: number } | { kind: 'multiscale'; strides: number[] };
}

export function audioCodecFolder(spec: AudioCodecSpec): ForgedFolder {
  const levels = spec.layout.kind === 'rvq' ? spec.layout.levels : spec.layout.strides.length;
  return {
    'config.json': json({
      model_type: spec.modelType,
      architectures: [spec.architecture],
      sampling_rate: spec.samplingRate,
      hop_length: spec.hop,
      hidden_size: spec.latent,
      codebook_size: spec.codebookSize,
      num_quantizers: levels,
      n_codebooks: levels,
      ...(spec.layout.kind === 'multiscale' ? { vq_strides: spec.layout.strides } : {}),
    }),
    'preprocessor_config.json': json({
      feature_extractor_type: spec.featureExtractorType,
      feature_size: 1,
      sampling_rate: spec.samplingRate,
      padding_side: 'right',
      padding_value: 0,
      return_attention_mask: false,
      hop_length: spec.hop,
    }),
    'onnx/encoder_model.onnx': encoderGraph(spec),
    'onnx/decoder_model.onnx': decoderGraph(spec),
  };
}

/** Output / input names of the codes. */
export function codeNames(spec: AudioCodecSpec): string[] {
  return spec.layout.kind === 'rvq' ? ['audio_codes'] : spec.layout.strides.map((_, i) => `audio_codes.${i}`);
}

function codebook(g: GraphBuilder, spec: AudioCodecSpec, level: number): string {
  return g.weight(`quantizer.${level}.codebook`, [spec.codebookSize, spec.latent], { std: 0.5 });
}

/** Nearest entry of `table` for every frame of x [b,f,D] → int64 [b,f]. */
function nearest(g: GraphBuilder, x: string, table: string): string {
  const dots = g.op1('MatMul', [x, g.op1('Transpose', [table], { perm: [1, 0] })]);
  const norms = g.op1('ReduceSum', [g.op1('Mul', [table, table]), g.constInt64([1])], { keepdims: 0 });
  const score = g.op1('Sub', [g.op1('Mul', [dots, g.constFloat(2, [])]), norms]);
  return g.op1('ArgMax', [score], { axis: -1, keepdims: 0 });
}

/** [b,f',D] repeated `stride` times along frames and cut to the frame count of `like` [b,f,D]. */
function repeatFrames(g: GraphBuilder, x: string, stride: number, like: string, latent: number): string {
  if (stride === 1) return x;
  const shape = g.op1('Shape', [x]);
  const target = g.op1('Concat', [g.op1('Slice', [shape, g.constInt64([0]), g.constInt64([2])]), g.constInt64([stride, latent])], { axis: 0 });
  const tiled = g.op1('Expand', [g.op1('Unsqueeze', [x, g.constInt64([2])]), target]);
  const flat = g.op1('Reshape', [tiled, g.constInt64([0, -1, latent])]);
  const frames = g.op1('Slice', [g.op1('Shape', [like]), g.constInt64([1]), g.constInt64([2])]);
  return g.op1('Slice', [flat, g.constInt64([0]), frames, g.constInt64([1])]);
}

function encoderGraph(spec: AudioCodecSpec): ForgeGraph {
  const g = new GraphBuilder({ seed: spec.seed, name: `${spec.name}-encoder_model` });
  const audio = g.input('input_values', 'float32', ['batch_size', 1, 'sequence_length']);
  const w = g.weight('encoder.conv.weight', [spec.latent, 1, spec.hop], { std: 1 / Math.sqrt(spec.hop) });
  const conv = g.op1('Conv', [audio, w, g.weight('encoder.conv.bias', [spec.latent], { std: 0.02 })], { kernel_shape: [spec.hop], strides: [spec.hop] });
  const latent = g.op1('Transpose', [g.op1('Tanh', [conv])], { perm: [0, 2, 1] });
  if (spec.layout.kind === 'rvq') {
    let residual = latent;
    const codes: string[] = [];
    for (let q = 0; q < spec.layout.levels; q++) {
      const table = codebook(g, spec, q);
      const code = nearest(g, residual, table);
      codes.push(g.op1('Unsqueeze', [code, g.constInt64([1])]));
      residual = g.op1('Sub', [residual, g.op1('Gather', [table, code], { axis: 0 })]);
    }
    g.output(g.op1('Concat', codes, { axis: 1 }), 'audio_codes', 'int64', ['batch_size', spec.layout.levels, 'frames']);
  } else {
    let residual = latent;
    spec.layout.strides.forEach((stride, level) => {
      const pooled =
        stride === 1
          ? residual
          : g.op1('Transpose', [g.op1('AveragePool', [g.op1('Transpose', [residual], { perm: [0, 2, 1] })], { kernel_shape: [stride], strides: [stride], ceil_mode: 1 })], { perm: [0, 2, 1] });
      const table = codebook(g, spec, level);
      const code = nearest(g, pooled, table);
      g.output(code, `audio_codes.${level}`, 'int64', ['batch_size', `frames_${level}`]);
      residual = g.op1('Sub', [residual, repeatFrames(g, g.op1('Gather', [table, code], { axis: 0 }), stride, residual, spec.latent)]);
    });
  }
  return g.graph();
}

function decoderGraph(spec: AudioCodecSpec): ForgeGraph {
  const g = new GraphBuilder({ seed: spec.seed, name: `${spec.name}-decoder_model` });
  let sum: string;
  if (spec.layout.kind === 'rvq') {
    const codes = g.input('audio_codes', 'int64', ['batch_size', spec.layout.levels, 'frames']);
    const parts = Array.from({ length: spec.layout.levels }, (_, q) =>
      g.op1('Gather', [codebook(g, spec, q), g.op1('Gather', [codes, g.constInt64(q, [])], { axis: 1 })], { axis: 0 }),
    );
    sum = parts.length === 1 ? parts[0]! : g.op1('Sum', parts);
  } else {
    const strides = spec.layout.strides;
    const inputs = strides.map((_, level) => g.input(`audio_codes.${level}`, 'int64', ['batch_size', `frames_${level}`]));
    const finest = strides.indexOf(Math.min(...strides));
    const embeds = inputs.map((codes, level) => g.op1('Gather', [codebook(g, spec, level), codes], { axis: 0 }));
    sum = g.op1('Sum', embeds.map((e, level) => repeatFrames(g, e, strides[level]! / strides[finest]!, embeds[finest]!, spec.latent)));
  }
  const map = g.op1('Transpose', [sum], { perm: [0, 2, 1] });
  const w = g.weight('decoder.conv.weight', [spec.latent, 1, spec.hop], { std: 1 / Math.sqrt(spec.latent) });
  const wave = g.op1('ConvTranspose', [map, w, g.weight('decoder.conv.bias', [1], { std: 0.02 })], { kernel_shape: [spec.hop], strides: [spec.hop] });
  g.output(g.op1('Tanh', [wave]), 'audio_values', 'float32', ['batch_size', 1, 'samples']);
  return g.graph();
}
