/**
 * Audio-text-to-text for Voxtral Realtime (transformers.js's VoxtralRealtimeForConditionalGeneration):
 * a streaming `audio_encoder` fed chunk by chunk, plus `embed_tokens` and `decoder_model_merged`;
 * every decoding step adds the next audio embeddings to its token embeddings, and generation stops
 * when the audio is used up. The encoder takes input_features [1, mel, T], attention_mask,
 * position_ids [1, n] and past_padding_cache [1, mel + D, 2] (the last two input frames and conv1
 * frames of the previous chunk, for the causal convs): conv1 (k3) and conv2 (k3, stride 2) over the
 * cached left context → n = ⌊(T − 2)/2⌋ + 1 frames → per-frame MLP with sinusoidal positions from
 * position_ids → 4 frames stacked per token → audio_embeds [1, ⌊n/4⌋, hidden] and
 * present_padding_cache. No attention cache (audio_config names none).
 * Drive it with `model.generate({ input_ids, input_features: [processor(audio).input_features], max_new_tokens })`.
 */
import type { ForgeContract, ForgedFolder } from '../contracts/contract.js';
import { activation, conv1d, linear } from '../onnx/blocks.js';
import type { ForgeGraph, NodeIR } from '../onnx/forge-graph.js';
import { GraphBuilder } from '../onnx/graph-builder.js';
import { embedsDecoder } from '../onnx/embeds-decoder.js';
import { byteLevelBpeTokenizer, json } from '../tokenizers/tokenizer-files.js';
import { specialTokenIds } from '../tokenizers/special-token-ids.js';
import { decoderDimsConfig } from '../config/decoder-dims-config.js';

/** Mel bins, encoder width and frames per audio token of forged Voxtral Realtime models. */
export const VOXTRAL_REALTIME = Object.freeze({ melBins: 16, audioHidden: 16, stack: 4 });

export const voxtralRealtimeContract: ForgeContract = {
  name: 'voxtral-realtime',
  supports(entry, task) {
    if (entry.family !== 'voxtral_realtime') return `not the voxtral_realtime family (${entry.family})`;
    if (task.task !== 'audio-text-to-text') return `task ${task.task} is not audio-text-to-text`;
    return true;
  },
  build(ctx) {
    const { melBins, audioHidden } = VOXTRAL_REALTIME;
    const tok = byteLevelBpeTokenizer(4096);
    const { hidden, layers, heads, kvHeads, intermediate } = ctx.size;
    const name = `${ctx.entry.family}-${ctx.task.task}`;
    const lm = embedsDecoder({ seed: ctx.seed, name, vocab: tok.vocabSize, hidden, layers, heads, kvHeads, intermediate, eosTokenId: tok.eosTokenId, positions: '1d' });
    const config = {
      model_type: 'voxtral_realtime',
      architectures: [ctx.task.modelClass],
      text_config: { model_type: 'llama', ...decoderDimsConfig(tok.vocabSize, ctx.size), max_position_embeddings: 4096 },
      audio_config: { model_type: 'voxtral_realtime_encoder', num_mel_bins: melBins, hidden_size: audioHidden },
      ...specialTokenIds(tok),
    };
    const preprocessor = { feature_extractor_type: 'VoxtralRealtimeFeatureExtractor', processor_class: 'VoxtralRealtimeProcessor', feature_size: melBins, sampling_rate: 16000, hop_length: 160, n_fft: 400, global_log_mel_max: 1.5 };
    const folder: ForgedFolder = {
      'config.json': json(config),
      'generation_config.json': json(specialTokenIds(tok)),
      'preprocessor_config.json': json(preprocessor),
      ...tok.files,
      'onnx/audio_encoder.onnx': streamingEncoder(ctx.seed, name, hidden),
      'onnx/embed_tokens.onnx': lm.embedTokens,
      'onnx/decoder_model_merged.onnx': withCachePositions(lm.decoder),
    };
    return folder;
  },
};

function streamingEncoder(seed: number, name: string, hidden: number): ForgeGraph {
  const { melBins: mel, audioHidden: d, stack } = VOXTRAL_REALTIME;
  const g = new GraphBuilder({ seed: seed + 3, name: `${name}-audio_encoder` });
  const features = g.input('input_features', 'float32', [1, mel, 'num_frames']);
  g.input('attention_mask', 'int64', [1, 'total_sequence_length']);
  const positionIds = g.input('position_ids', 'int64', [1, 'sequence_length']);
  const cache = g.input('past_padding_cache', 'float32', [1, mel + d, 2]);
  const channels = (x: string, from: number, to: number) => g.op1('Slice', [x, g.constInt64([from]), g.constInt64([to]), g.constInt64([1])]);
  const lastFrames = (x: string, k: number) => g.op1('Slice', [x, g.constInt64([-k]), g.constInt64([2 ** 62]), g.constInt64([2])]);
  // conv1 over [cached 2 input frames ⊕ chunk]: T frames out.
  const conv1 = activation(g, conv1d(g, g.op1('Concat', [channels(cache, 0, mel), features], { axis: 2 }), 'encoder.conv1', { inChannels: mel, outChannels: d, kernel: 3 }), 'gelu');
  // conv2 (stride 2) over [cached last conv1 frame ⊕ conv1]: ⌊(T − 2)/2⌋ + 1 frames.
  const conv2In = g.op1('Concat', [lastFrames(channels(cache, mel, mel + d), 1), conv1], { axis: 2 });
  let x = g.op1('Transpose', [activation(g, conv1d(g, conv2In, 'encoder.conv2', { inChannels: d, outChannels: d, kernel: 3, stride: 2 }), 'gelu')], { perm: [0, 2, 1] });
  g.output(g.op1('Concat', [lastFrames(features, 2), lastFrames(conv1, 2)], { axis: 1 }), 'present_padding_cache', 'float32', [1, mel + d, 2]);
  // Sinusoidal positions from position_ids (they continue across chunks), then a per-frame MLP.
  const freqs = Array.from({ length: d / 2 }, (_, i) => 1 / 10000 ** ((2 * i) / d));
  const angle = g.op1('Mul', [g.op1('Unsqueeze', [g.op1('Cast', [positionIds], { to: 1 }), g.constInt64([-1])]), g.constFloat(freqs)]);
  x = g.op1('Add', [x, g.op1('Concat', [g.op1('Sin', [angle]), g.op1('Cos', [angle])], { axis: -1 })]);
  x = g.op1('Add', [x, linear(g, activation(g, linear(g, x, 'encoder.layers.0.fc1', d, 2 * d), 'gelu'), 'encoder.layers.0.fc2', 2 * d, d)]);
  // Stack `stack` frames per token (a partial last group is dropped) and project.
  const n = g.op1('Slice', [g.op1('Shape', [x]), g.constInt64([1]), g.constInt64([2])]);
  const whole = g.op1('Mul', [g.op1('Div', [n, g.constInt64([stack])]), g.constInt64([stack])]);
  const kept = g.op1('Slice', [x, g.constInt64([0]), whole, g.constInt64([1])]);
  const tokens = g.op1('Reshape', [kept, g.constInt64([1, -1, stack * d])]);
  const embeds = linear(g, activation(g, linear(g, tokens, 'audio_language_projection.0', stack * d, hidden), 'gelu'), 'audio_language_projection.2', hidden, hidden);
  g.output(embeds, 'audio_embeds', 'float32', [1, 'audio_tokens', hidden]);
  return g.graph();
}

/**
 * The decoder without a position_ids input (VoxtralRealtime's forward sends none): positions are
 * past length … past length + s − 1, computed in the graph from the cache and the embeddings.
 */
function withCachePositions(graph: ForgeGraph): ForgeGraph {
  const node = (name: string, opType: string, inputs: string[], output: string, attrs: NodeIR['attrs'] = {}): NodeIR => ({ name, opType, domain: '', inputs, outputs: [output], attrs });
  const const64 = (name: string, values: number[], dims: number[]) => ({ name, elemType: 'int64' as const, dims, data: BigInt64Array.from(values, (v) => BigInt(v)) });
  const prefix: NodeIR[] = [
    node('positions_past_shape', 'Shape', ['past_key_values.0.key'], 'positions_past_shape_out'),
    node('positions_past_len', 'Gather', ['positions_past_shape_out', 'positions_two'], 'positions_past_len_out', { axis: 0 }),
    node('positions_embeds_shape', 'Shape', ['inputs_embeds'], 'positions_embeds_shape_out'),
    node('positions_new_len', 'Gather', ['positions_embeds_shape_out', 'positions_one'], 'positions_new_len_out', { axis: 0 }),
    node('positions_end', 'Add', ['positions_past_len_out', 'positions_new_len_out'], 'positions_end_out'),
    node('positions_range', 'Range', ['positions_past_len_out', 'positions_end_out', 'positions_one'], 'positions_range_out'),
    node('positions_unsqueeze', 'Unsqueeze', ['positions_range_out', 'positions_axis0'], 'position_ids'),
  ];
  return {
    ...graph,
    inputs: graph.inputs.filter((v) => v.name !== 'position_ids'),
    nodes: [...prefix, ...graph.nodes],
    initializers: [...graph.initializers, const64('positions_one', [1], []), const64('positions_two', [2], []), const64('positions_axis0', [0], [1])],
  };
}
