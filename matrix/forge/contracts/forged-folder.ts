/**
 * What a contract builds: files of a transformers.js model folder by relative path.
 * An ONNX file may be given as a ForgeGraph (fp32); the forge then writes it in every dtype
 * (`onnx/model.onnx`, `onnx/model_fp16.onnx`, `onnx/model_quantized.onnx`, `onnx/model_q4.onnx`).
 */
import type { ForgeGraph } from '../onnx/forge-graph.js';

export type ForgedFile = Uint8Array | string | ForgeGraph;
export type ForgedFolder = Record<string, ForgedFile>;

/** True when a folder entry is a graph the forge expands into dtype variants. */
export function isForgeGraph(file: ForgedFile): file is ForgeGraph {
  return typeof file === 'object' && !(file instanceof Uint8Array) && 'nodes' in file;
}
