/**
 * A generation cell's FLOPs (prefill, per generated token) and achieved GFLOP/s, from the folder's fp32
 * decoder graph (`onnx/model.onnx` or `onnx/decoder_model_merged.onnx`) at the shapes the cell measured
 * (encoder–decoder models: the encoder once plus the decoder steps, by shape propagation),
 * and the dtype's model bytes on disk. Graphs are read once per folder, and only where cheap (the .onnx
 * file up to 256 MB: external-data models always are); `{}` otherwise — a cell never fails for want of it.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Dtype, Measurements } from './types.js';
import { flopGraph, generationFlops, graphFlops, type FlopGraph } from './graph-flops.js';
import { shapeFlops, type ShapedFlops } from './shape-flops.js';

const MAX_GRAPH_BYTES = 256 * 1024 * 1024;
const SUFFIX: Readonly<Record<Dtype, string>> = { fp32: '', fp16: '_fp16', q8: '_quantized', q4: '_q4' };
const graphs = new Map<string, FlopGraph | null>();

/** Shapes a generation cell measured (batch rows, prompt length, tokens generated per call). */
export interface GenerationShape {
  batch: number;
  promptTokens: number;
  newTokens: number;
}

export function cellFlops(folder: string, config: Record<string, unknown>, shape: GenerationShape, meanCallMs: number, inputDims?: Readonly<Record<string, readonly number[]>>): Partial<Measurements> {
  if (config.is_encoder_decoder && inputDims) return encoderDecoderGeneration(folder, inputDims, shape, meanCallMs);
  const g = decoderGraph(folder);
  const heads = intOf(config, ['num_attention_heads', 'n_head', 'num_heads']);
  const hidden = intOf(config, ['hidden_size', 'n_embd', 'd_model']);
  if (!g || !heads || !hidden) return {};
  const headDim = intOf(config, ['head_dim']) ?? hidden / heads;
  const f = generationFlops(g, { ...shape, heads, headDim });
  return { flops: f.prefill, flopsPerToken: f.perToken, gflopsPerSecond: f.perCall / (meanCallMs / 1000) / 1e9 };
}

/** FLOPs of a non-generation cell, or why none are stored (a note for the cell). */
export interface ForwardFlops {
  measurements: Partial<Measurements>;
  note?: string;
}

/**
 * A forward-pass cell's FLOPs and GFLOP/s from the measured p50. Text encoders (`onnx/model.onnx` fed only
 * token ids) use the token-count estimate; every other forward — pixels, audio samples or features, and
 * encoder–decoder models (the encoder, then the one decoder step `forward` makes from the start token, with
 * empty past) — propagates the measured input shapes through the graph (shape-flops.ts). Where a shape
 * cannot be known, nothing is stored and the note says which op lost it — never a guess.
 */
export function forwardFlops(folder: string, config: Record<string, unknown>, inputDims: Readonly<Record<string, readonly number[]>>, p50Ms: number): ForwardFlops {
  const why = (reason: string): ForwardFlops => ({ measurements: {}, note: `flops not computed: ${reason}` });
  const done = (flops: number): ForwardFlops => ({ measurements: { flops, gflopsPerSecond: flops / (p50Ms / 1000) / 1e9 } });
  if (Object.keys(inputDims).length === 0) return why('the timed call recorded no input shapes (none recorded)');
  const ids = inputDims.input_ids;
  const textOnly = Object.keys(inputDims).every((k) => TEXT_INPUTS.has(k));
  if (!config.is_encoder_decoder && textOnly && ids?.length === 2) {
    const g = graphAt(folder, ['model.onnx']);
    const heads = intOf(config, ['num_attention_heads', 'n_head', 'num_heads']);
    const hidden = intOf(config, ['hidden_size', 'n_embd', 'd_model', 'dim']);
    if (g && heads && hidden) {
      const f = graphFlops(g, { batch: ids[0]!, tokens: ids[1]!, context: ids[1]!, heads, headDim: intOf(config, ['head_dim']) ?? hidden / heads });
      if (Object.keys(f.uncounted).length === 0) return done(f.flops);
    }
  }
  if (!config.is_encoder_decoder) {
    // The session the measured inputs feed: the whole model, or one tower / encoder of a multi-session folder.
    const g = FORWARD_GRAPHS.map((name) => graphAt(folder, [name])).find((c) => c?.inputs.some((i) => i.name in inputDims));
    if (!g) return why(`no readable graph in onnx/ (${FORWARD_GRAPHS.join(', ')}) takes the measured inputs (${Object.keys(inputDims).join(', ')})`);
    const f = shapeFlops(g, graphInputShapes(g, inputDims));
    return lost(f) ? why(lost(f)!) : done(f.flops);
  }
  const encoder = graphAt(folder, ['encoder_model.onnx']);
  if (!encoder) return why('no readable onnx/encoder_model.onnx for the encoder–decoder forward');
  const encoderInputs = Object.fromEntries(Object.entries(inputDims).filter(([k]) => k !== 'decoder_input_ids'));
  const e = shapeFlops(encoder, graphInputShapes(encoder, encoderInputs));
  if (lost(e)) return why(`encoder: ${lost(e)}`);
  const decoderIds = inputDims.decoder_input_ids;
  if (!decoderIds) return done(e.flops);
  const decoder = graphAt(folder, ['decoder_model_merged.onnx', 'decoder_model.onnx']);
  const hidden = e.shapes.get('last_hidden_state');
  if (!decoder || !hidden) return why('no readable onnx/decoder_model_merged.onnx, or the encoder\'s last_hidden_state shape is unknown');
  const d = decoderStep(decoder, inputDims, hidden, decoderIds, 0);
  return lost(d) ? why(`decoder step: ${lost(d)}`) : done(e.flops + d.flops);
}

/** One decoder call of an encoder–decoder model: `ids` new tokens after `pastTokens` cached ones. */
function decoderStep(decoder: FlopGraph, inputDims: Readonly<Record<string, readonly number[]>>, hidden: number[], ids: readonly number[], pastTokens: number): ShapedFlops {
  const mask = inputDims.attention_mask ?? hidden.slice(0, 2);
  const known = { input_ids: ids, encoder_hidden_states: hidden, encoder_attention_mask: mask, use_cache_branch: [pastTokens > 0 ? 1 : 0] };
  return shapeFlops(decoder, graphInputShapes(decoder, known, { decoder: pastTokens, encoder: pastTokens > 0 ? hidden[1]! : 0 }));
}

/**
 * Generation of an encoder–decoder model (whisper, t5, bart): the encoder once, the decoder prefix as
 * prefill, then one decoder step per generated token over the growing cache (FLOPs are linear in the past
 * length, so the mean of the first and last step is the mean step). `{}` where a shape is lost.
 */
function encoderDecoderGeneration(folder: string, inputDims: Readonly<Record<string, readonly number[]>>, shape: GenerationShape, meanCallMs: number): Partial<Measurements> {
  const encoder = graphAt(folder, ['encoder_model.onnx']);
  const decoder = graphAt(folder, ['decoder_model_merged.onnx', 'decoder_model.onnx']);
  const prefix = inputDims.decoder_input_ids;
  if (!encoder || !decoder || !prefix) return {};
  const e = shapeFlops(encoder, graphInputShapes(encoder, Object.fromEntries(Object.entries(inputDims).filter(([k]) => k !== 'decoder_input_ids'))));
  const hidden = e.shapes.get('last_hidden_state');
  if (lost(e) || !hidden) return {};
  const [batch, prefixTokens] = [prefix[0]!, prefix[1]!];
  const prefill = decoderStep(decoder, inputDims, hidden, prefix, 0);
  const first = decoderStep(decoder, inputDims, hidden, [batch, 1], prefixTokens);
  const last = decoderStep(decoder, inputDims, hidden, [batch, 1], prefixTokens + Math.max(0, shape.newTokens - 2));
  if (lost(prefill) || lost(first) || lost(last)) return {};
  const steps = Math.max(0, shape.newTokens - 1);
  const meanStep = (first.flops + last.flops) / 2;
  const perCall = e.flops + prefill.flops + steps * meanStep;
  return { flops: e.flops + prefill.flops, flopsPerToken: meanStep / batch, gflopsPerSecond: perCall / (meanCallMs / 1000) / 1e9 };
}

const FORWARD_GRAPHS = ['model.onnx', 'encoder_model.onnx', 'vision_model.onnx', 'text_model.onnx', 'audio_model.onnx', 'vision_encoder.onnx', 'audio_encoder.onnx'];
const TEXT_INPUTS = new Set(['input_ids', 'attention_mask', 'token_type_ids', 'position_ids']);

/** Why a shape-propagated estimate is not stored, or undefined when every counted op had its shapes. */
function lost(f: ShapedFlops): string | undefined {
  const skipped = Object.keys(f.uncounted);
  return skipped.length === 0 ? undefined : `input shapes of ${skipped.join(', ')} are not known (first lost at ${f.unknownAfter ?? 'an input'})`;
}

/**
 * Concrete dims for every graph input: the measured ones, and the rest from the graph's declared dims, with
 * each symbolic name (batch_size, sequence_length) bound from the measured inputs; with `past`, a
 * `past_key_values.*` input's sequence axis (2) is the cached length (0 at transformers.js's first decoder step).
 */
function graphInputShapes(g: FlopGraph, known: Readonly<Record<string, readonly number[]>>, past?: { decoder: number; encoder: number }): Record<string, number[]> {
  const names = new Map<string, number>();
  for (const input of g.inputs) {
    const dims = known[input.name];
    if (dims) input.dims.forEach((d, i) => { if (typeof d === 'string' && dims[i] !== undefined) names.set(d, dims[i]!); });
  }
  const out: Record<string, number[]> = {};
  for (const input of g.inputs) {
    if (known[input.name]) { out[input.name] = [...known[input.name]!]; continue; }
    const cached = past && input.name.startsWith('past_key_values') ? (input.name.includes('.encoder.') ? past.encoder : past.decoder) : undefined;
    const dims = input.dims.map((d, i) => (typeof d === 'number' ? d : cached !== undefined && i === 2 ? cached : names.get(d)));
    if (dims.every((d) => d !== undefined)) out[input.name] = dims as number[];
  }
  return out;
}

/** Bytes on disk of the dtype's ONNX files (with their `.onnx_data`), summed over sessions. */
export function modelBytes(folder: string, dtype: Dtype): number | undefined {
  const dir = join(folder, 'onnx');
  if (!existsSync(dir)) return undefined;
  const pattern = new RegExp(`^[a-z_]+?${SUFFIX[dtype]}\\.onnx(_data(_\\d+)?)?$`);
  const files = readdirSync(dir).filter((f) => pattern.test(f) && (dtype !== 'fp32' || !/_(fp16|quantized|q4|q4f16|int8|uint8|bnb4)\.onnx/.test(f)));
  return files.length > 0 ? files.reduce((sum, f) => sum + statSync(join(dir, f)).size, 0) : undefined;
}

function decoderGraph(folder: string): FlopGraph | null {
  return graphAt(folder, ['model.onnx', 'decoder_model_merged.onnx']);
}

/** The first readable graph of `names` in the folder's onnx/, cached per folder and names. */
function graphAt(folder: string, names: readonly string[]): FlopGraph | null {
  const key = `${folder}\0${names.join(',')}`;
  if (graphs.has(key)) return graphs.get(key)!;
  let g: FlopGraph | null = null;
  for (const name of names) {
    const path = join(folder, 'onnx', name);
    try {
      if (existsSync(path) && statSync(path).size <= MAX_GRAPH_BYTES) g = flopGraph(readFileSync(path));
    } catch {
      g = null;
    }
    if (g) break;
  }
  graphs.set(key, g);
  return g;
}

function intOf(config: Record<string, unknown>, keys: string[]): number | undefined {
  for (const k of keys) if (typeof config[k] === 'number' && (config[k] as number) > 0) return config[k] as number;
  return undefined;
}
