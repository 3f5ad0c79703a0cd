/**
 * A generation cell's FLOPs (prefill, per generated token) and achieved GFLOP/s, from the folder's fp32
 * decoder graph (`onnx/model.onnx` or `onnx/decoder_model_merged.onnx`) at the shapes the cell measured,
 * and the dtype's model bytes on disk. Graphs are read once per folder, and only where cheap (the .onnx
 * file up to 256 MB: external-data models always are); `{}` otherwise — a cell never fails for want of it.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Dtype, Measurements } from './types.js';
import { flopGraph, generationFlops, graphFlops, type FlopGraph } from './graph-flops.js';

const MAX_GRAPH_BYTES = 256 * 1024 * 1024;
const SUFFIX: Readonly<Record<Dtype, string>> = { fp32: '', fp16: '_fp16', q8: '_quantized', q4: '_q4' };
const graphs = new Map<string, FlopGraph | null>();

/** Shapes a generation cell measured (batch rows, prompt length, tokens generated per call). */
export interface GenerationShape {
  batch: number;
  promptTokens: number;
  newTokens: number;
}

export function cellFlops(folder: string, config: Record<string, unknown>, shape: GenerationShape, meanCallMs: number): Partial<Measurements> {
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
 * A forward-pass cell's FLOPs (encoder text models: `onnx/model.onnx` at the measured `input_ids` [batch,
 * tokens]) and GFLOP/s from the measured p50. Where the shape the graph runs at is not known from the
 * inputs (pixels, audio samples, encoder–decoder sessions) or the graph has ops needing spatial shapes,
 * nothing is stored and the note says why — never a guess.
 */
export function forwardFlops(folder: string, config: Record<string, unknown>, inputDims: Readonly<Record<string, readonly number[]>>, p50Ms: number): ForwardFlops {
  const ids = inputDims.input_ids;
  const why = (reason: string): ForwardFlops => ({ measurements: {}, note: `flops not computed: ${reason}` });
  if (config.is_encoder_decoder) return why('encoder–decoder forward (two sessions) is not estimated');
  if (!ids || ids.length !== 2) return why(`the token count is not known from the inputs (${Object.keys(inputDims).join(', ') || 'none recorded'})`);
  const g = graphAt(folder, ['model.onnx']);
  const heads = intOf(config, ['num_attention_heads', 'n_head', 'num_heads']);
  const hidden = intOf(config, ['hidden_size', 'n_embd', 'd_model', 'dim']);
  if (!g || !heads || !hidden) return why('no readable onnx/model.onnx, or config.json lacks heads / hidden size');
  const [batch, tokens] = [ids[0]!, ids[1]!];
  const f = graphFlops(g, { batch, tokens, context: tokens, heads, headDim: intOf(config, ['head_dim']) ?? hidden / heads });
  const skipped = Object.keys(f.uncounted);
  if (skipped.length > 0) return why(`the graph has ops whose cost needs shapes it does not state (${skipped.join(', ')})`);
  return { measurements: { flops: f.flops, gflopsPerSecond: f.flops / (p50Ms / 1000) / 1e9 } };
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
