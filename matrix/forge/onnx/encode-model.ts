/** Encodes a ForgeGraph as ONNX ModelProto bytes with onnx-proto (protobufjs 6). Deterministic. */
import onnxProto from 'onnx-proto';
import { ELEM_TYPES } from './elem-type.js';
import type { AttrValue, ForgeGraph, TensorIR, ValueIR } from './forge-graph.js';

const { onnx } = onnxProto;
const A = onnx.AttributeProto.AttributeType;

/** ONNX IR version written into every forged model (ORT 1.30 reads up to 11). */
export const IR_VERSION = 8;

/** Where an initializer's bytes live in the external data file (ONNX's `location` / `offset` / `length` keys). */
export interface ExternalDataRef {
  location: string;
  offset: number;
  length: number;
}

/**
 * ModelProto bytes of the graph. Initializers named in `external` are written as ONNX external data
 * (data_location EXTERNAL, no raw bytes): their data is never read here.
 */
export function encodeModel(graph: ForgeGraph, external?: ReadonlyMap<string, ExternalDataRef>): Uint8Array {
  const model = {
    irVersion: IR_VERSION,
    producerName: 'model-matrix-forge',
    producerVersion: '1',
    opsetImport: Object.entries(graph.opsets)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([domain, version]) => ({ domain, version })),
    graph: {
      name: graph.name,
      input: graph.inputs.map(valueInfo),
      output: graph.outputs.map(valueInfo),
      initializer: graph.initializers.map((t) => {
        const ref = external?.get(t.name);
        return ref ? externalTensorProto(t, ref) : tensorProto(t);
      }),
      node: graph.nodes.map((n) => ({
        name: n.name,
        opType: n.opType,
        domain: n.domain,
        input: n.inputs,
        output: n.outputs,
        attribute: Object.entries(n.attrs).map(([name, value]) => attribute(name, value)),
      })),
    },
  };
  return onnx.ModelProto.encode(model).finish();
}

function valueInfo(v: ValueIR) {
  return {
    name: v.name,
    type: {
      tensorType: {
        elemType: ELEM_TYPES[v.elemType],
        shape: { dim: v.dims.map((d) => (typeof d === 'number' ? { dimValue: d } : { dimParam: d })) },
      },
    },
  };
}

function tensorProto(t: TensorIR) {
  return {
    name: t.name,
    dataType: ELEM_TYPES[t.elemType],
    dims: t.dims,
    rawData: new Uint8Array(t.data.buffer, t.data.byteOffset, t.data.byteLength),
  };
}

function externalTensorProto(t: TensorIR, ref: ExternalDataRef) {
  return {
    name: t.name,
    dataType: ELEM_TYPES[t.elemType],
    dims: t.dims,
    dataLocation: onnx.TensorProto.DataLocation.EXTERNAL,
    externalData: [
      { key: 'location', value: ref.location },
      { key: 'offset', value: String(ref.offset) },
      { key: 'length', value: String(ref.length) },
    ],
  };
}

function attribute(name: string, value: AttrValue) {
  if (typeof value === 'string') return { name, type: A.STRING, s: new TextEncoder().encode(value) };
  if (typeof value === 'number') {
    return Number.isInteger(value) ? { name, type: A.INT, i: value } : { name, type: A.FLOAT, f: value };
  }
  if (Array.isArray(value)) {
    return value.every(Number.isInteger) ? { name, type: A.INTS, ints: value } : { name, type: A.FLOATS, floats: value };
  }
  if (value.kind === 'float') return { name, type: A.FLOAT, f: value.value };
  if (value.kind === 'floats') return { name, type: A.FLOATS, floats: value.value };
  return { name, type: A.TENSOR, t: tensorProto(value.value) };
}
