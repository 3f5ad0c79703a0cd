/**
 * Text-to-audio for Supertonic (transformers.js's SupertonicForConditionalGeneration, three
 * sessions driven by `generate_speech({ input_ids, attention_mask, style, num_inference_steps, speed })`):
 * - `text_encoder`: input_ids, attention_mask, style [b, styleTokens, styleDim] → last_hidden_state
 *   and durations [b] in seconds (0.004 s per real token, modulated by the text);
 * - `latent_denoiser`: noisy_latents [b, C, L], latent_mask, style, encoder_outputs, attention_mask,
 *   timestep, num_inference_steps → denoised_latents (one flow step: latent + velocity / steps,
 *   the velocity from cross-attention over the text, masked to the real latent frames);
 * - `voice_decoder`: latents [b, C, L] → waveform [b, L · baseChunk · compress] (transposed conv).
 * The pipeline needs `speaker_embeddings` (styleTokens · styleDim floats per item).
 */
import type { ForgeContract, ForgedFolder } from '../contracts/contract.js';
import { attention, embedding, layerNorm, linear, paddingMaskBias } from '../onnx/blocks.js';
import type { ForgeGraph } from '../onnx/forge-graph.js';
import { GraphBuilder } from '../onnx/graph-builder.js';
import { byteLevelBpeTokenizer, json } from '../tokenizers/tokenizer-files.js';
import { encoderLayer } from '../onnx/vision-blocks.js';

/** Style, latent and rate sizes of forged Supertonic models. */
export const SUPERTONIC = Object.freeze({ styleTokens: 2, styleDim: 8, latentDim: 4, compress: 2, baseChunk: 32, samplingRate: 16000, secondsPerToken: 0.004 });

interface Dims {
  seed: number;
  name: string;
  vocab: number;
  hidden: number;
  heads: number;
  intermediate: number;
}

export const supertonicContract: ForgeContract = {
  name: 'supertonic',
  supports(entry, task) {
    if (entry.family !== 'supertonic') return `not the supertonic family (${entry.family})`;
    if (task.task !== 'text-to-audio') return `task ${task.task} is not text-to-audio`;
    return true;
  },
  build(ctx) {
    const { styleTokens, styleDim, latentDim, compress, baseChunk, samplingRate } = SUPERTONIC;
    const { hidden, heads, intermediate, maxPositions } = ctx.size;
    const tok = byteLevelBpeTokenizer(maxPositions);
    const dims: Dims = { seed: ctx.seed, name: `${ctx.entry.family}-${ctx.task.task}`, vocab: tok.vocabSize, hidden, heads, intermediate };
    const config = {
      model_type: 'supertonic',
      architectures: [ctx.task.modelClass],
      sampling_rate: samplingRate,
      base_chunk_size: baseChunk,
      chunk_compress_factor: compress,
      latent_dim: latentDim,
      style_dim: styleDim,
      hidden_size: hidden,
      vocab_size: tok.vocabSize,
      pad_token_id: tok.padTokenId,
    };
    const folder: ForgedFolder = {
      'config.json': json(config),
      ...tok.files,
      'onnx/text_encoder.onnx': textEncoder(dims),
      'onnx/latent_denoiser.onnx': latentDenoiser(dims),
      'onnx/voice_decoder.onnx': voiceDecoder(dims),
    };
    return folder;
  },
};

function styleVector(g: GraphBuilder, style: string, dims: Dims, prefix: string): string {
  return g.op1('Unsqueeze', [linear(g, g.op1('ReduceMean', [style], { axes: [1], keepdims: 0 }), prefix, SUPERTONIC.styleDim, dims.hidden), g.constInt64([1])]);
}

function textEncoder(dims: Dims): ForgeGraph {
  const g = new GraphBuilder({ seed: dims.seed, name: `${dims.name}-text_encoder` });
  const ids = g.input('input_ids', 'int64', ['batch_size', 'sequence_length']);
  const mask = g.input('attention_mask', 'int64', ['batch_size', 'sequence_length']);
  const style = g.input('style', 'float32', ['batch_size', SUPERTONIC.styleTokens, SUPERTONIC.styleDim]);
  let x = g.op1('Add', [embedding(g, ids, 'text_encoder.embed_tokens', dims.vocab, dims.hidden), styleVector(g, style, dims, 'text_encoder.style_proj')]);
  x = layerNorm(g, encoderLayer(g, x, dims.hidden, dims.heads, dims.intermediate, 'text_encoder.layers.0', [paddingMaskBias(g, mask)]), 'text_encoder.norm', dims.hidden);
  g.output(x, 'last_hidden_state', 'float32', ['batch_size', 'sequence_length', dims.hidden]);
  // durations = secondsPerToken · real tokens · (1 + 0.25·tanh(w · mean state)).
  const maskF = g.op1('Cast', [mask], { to: 1 });
  const tokens = g.op1('ReduceSum', [maskF, g.constInt64([1])], { keepdims: 0 });
  const meanState = g.op1('Div', [g.op1('ReduceSum', [g.op1('Mul', [x, g.op1('Unsqueeze', [maskF, g.constInt64([-1])])]), g.constInt64([1])], { keepdims: 0 }), g.op1('Unsqueeze', [tokens, g.constInt64([-1])])]);
  const modulation = g.op1('Add', [g.constFloat(1, []), g.op1('Mul', [g.op1('Tanh', [g.op1('Squeeze', [linear(g, meanState, 'duration_predictor.proj', dims.hidden, 1), g.constInt64([-1])])]), g.constFloat(0.25, [])])]);
  g.output(g.op1('Mul', [g.op1('Mul', [tokens, g.constFloat(SUPERTONIC.secondsPerToken, [])]), modulation]), 'durations', 'float32', ['batch_size']);
  return g.graph();
}

function latentDenoiser(dims: Dims): ForgeGraph {
  const channels = SUPERTONIC.latentDim * SUPERTONIC.compress;
  const g = new GraphBuilder({ seed: dims.seed + 1, name: `${dims.name}-latent_denoiser` });
  const style = g.input('style', 'float32', ['batch_size', SUPERTONIC.styleTokens, SUPERTONIC.styleDim]);
  const noisy = g.input('noisy_latents', 'float32', ['batch_size', channels, 'latent_length']);
  const latentMask = g.input('latent_mask', 'int64', ['batch_size', 'latent_length']);
  const text = g.input('encoder_outputs', 'float32', ['batch_size', 'sequence_length', dims.hidden]);
  const textMask = g.input('attention_mask', 'int64', ['batch_size', 'sequence_length']);
  const timestep = g.input('timestep', 'float32', ['batch_size']);
  const steps = g.input('num_inference_steps', 'float32', ['batch_size']);
  const t = g.op1('Unsqueeze', [g.op1('Div', [timestep, steps]), g.constInt64([1, 2])]);
  let x = linear(g, g.op1('Transpose', [noisy], { perm: [0, 2, 1] }), 'denoiser.in_proj', channels, dims.hidden);
  x = g.op1('Add', [g.op1('Add', [x, styleVector(g, style, dims, 'denoiser.style_proj')]), g.op1('Mul', [t, g.weight('denoiser.time_embedding', [dims.hidden], { std: 0.5 })])]);
  const cross = attention(g, layerNorm(g, x, 'denoiser.cross_norm', dims.hidden), 'denoiser.cross_attn', { hidden: dims.hidden, heads: dims.heads, maskBiases: [paddingMaskBias(g, textMask)], keyValueSource: text });
  x = g.op1('Add', [x, cross.out]);
  const velocity = g.op1('Transpose', [linear(g, layerNorm(g, x, 'denoiser.out_norm', dims.hidden), 'denoiser.out_proj', dims.hidden, channels)], { perm: [0, 2, 1] });
  const stepped = g.op1('Add', [noisy, g.op1('Div', [velocity, g.op1('Unsqueeze', [steps, g.constInt64([1, 2])])])]);
  const keep = g.op1('Unsqueeze', [g.op1('Cast', [latentMask], { to: 1 }), g.constInt64([1])]);
  g.output(g.op1('Mul', [stepped, keep]), 'denoised_latents', 'float32', ['batch_size', channels, 'latent_length']);
  return g.graph();
}

function voiceDecoder(dims: Dims): ForgeGraph {
  const channels = SUPERTONIC.latentDim * SUPERTONIC.compress;
  const samples = SUPERTONIC.baseChunk * SUPERTONIC.compress;
  const g = new GraphBuilder({ seed: dims.seed + 2, name: `${dims.name}-voice_decoder` });
  const latents = g.input('latents', 'float32', ['batch_size', channels, 'latent_length']);
  const w = g.weight('vocoder.upsample.weight', [channels, 1, samples], { std: 1 / Math.sqrt(channels) });
  const wave = g.op1('Tanh', [g.op1('ConvTranspose', [latents, w], { kernel_shape: [samples], strides: [samples] })]);
  g.output(g.op1('Reshape', [wave, g.constInt64([0, -1])]), 'waveform', 'float32', ['batch_size', 'num_samples']);
  return g.graph();
}
