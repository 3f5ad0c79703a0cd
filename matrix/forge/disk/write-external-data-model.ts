/**
 * Writes a graph as ONNX with external data, as transformers.js's own large exports are laid out:
 * `onnx/model.onnx` (the graph; small initializers inline) plus `onnx/model.onnx_data` (every initializer
 * of 1 KiB or more, each at a 4 KiB-aligned offset, as onnx's `save_as_external_data` does). Initializers
 * are read and written one at a time, so a lazy graph (onnx/lazy-tensor.ts) is never held whole: peak
 * memory is about the largest single tensor. Protobuf cannot encode a model past 2 GiB in one buffer.
 */
import { closeSync, openSync, writeFileSync, writeSync } from 'node:fs';
import { basename } from 'node:path';
import type { ElemType } from '../onnx/elem-type.js';
import { encodeModel, type ExternalDataRef } from '../onnx/encode-model.js';
import type { ForgeGraph, TensorIR } from '../onnx/forge-graph.js';
import { elementCount } from '../onnx/lazy-tensor.js';

/** Initializers smaller than this stay inside model.onnx (onnx's default size_threshold). */
export const EXTERNAL_MIN_TENSOR_BYTES = 1024;
const ALIGN_BYTES = 4096;

const BYTES_PER_ELEMENT: Readonly<Record<ElemType, number>> = Object.freeze({ float32: 4, uint8: 1, int8: 1, int32: 4, int64: 8, bool: 1, float16: 2, uint4: 0.5, int4: 0.5 });

/** Bytes of a tensor's data, from its dims and type (its data is not read). */
export function tensorBytes(t: Pick<TensorIR, 'dims' | 'elemType'>): number {
  return Math.ceil(elementCount(t) * BYTES_PER_ELEMENT[t.elemType]);
}

/** Writes `<onnxPath>` and `<onnxPath>_data`; returns the data file's size in bytes. */
export function writeExternalDataModel(onnxPath: string, graph: ForgeGraph): number {
  const dataPath = `${onnxPath}_data`;
  const location = basename(dataPath);
  const refs = new Map<string, ExternalDataRef>();
  const fd = openSync(dataPath, 'w');
  let offset = 0;
  try {
    for (const t of graph.initializers) {
      if (tensorBytes(t) < EXTERNAL_MIN_TENSOR_BYTES) continue;
      const pad = (ALIGN_BYTES - (offset % ALIGN_BYTES)) % ALIGN_BYTES;
      if (pad > 0) offset += writeSync(fd, new Uint8Array(pad), 0, pad, offset);
      const data = t.data;
      const bytes = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
      let written = 0;
      while (written < bytes.length) written += writeSync(fd, bytes, written, bytes.length - written, offset + written);
      refs.set(t.name, { location, offset, length: bytes.length });
      offset += bytes.length;
    }
  } finally {
    closeSync(fd);
  }
  writeFileSync(onnxPath, encodeModel(graph, refs));
  return offset;
}
