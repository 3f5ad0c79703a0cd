/**
 * The forge's in-memory ONNX graph (an IR the builder writes, dtype variants rewrite,
 * and `encodeModel` turns into ModelProto bytes).
 */
import type { ElemType } from './elem-type.js';

/** Typed data of an initializer; float16 data is stored as IEEE half bits in a Uint16Array. */
export type TensorData = Float32Array | Uint16Array | BigInt64Array | Int32Array | Uint8Array | Int8Array;

export interface TensorIR {
  name: string;
  elemType: ElemType;
  dims: number[];
  data: TensorData;
}

/** Float attribute wrapper (a bare integer number is encoded as INT). */
export interface FloatAttr {
  kind: 'float';
  value: number;
}
export interface FloatsAttr {
  kind: 'floats';
  value: number[];
}
export interface TensorAttr {
  kind: 'tensor';
  value: TensorIR;
}
/** A node attribute: integer → INT, non-integer → FLOAT, number[] → INTS (FLOATS if any is non-integer), string → STRING. */
export type AttrValue = number | number[] | string | FloatAttr | FloatsAttr | TensorAttr;

export interface NodeIR {
  name: string;
  opType: string;
  domain: string;
  inputs: string[];
  outputs: string[];
  attrs: Record<string, AttrValue>;
}

/** A graph input or output: name, element type, dims (numbers or symbolic names). */
export interface ValueIR {
  name: string;
  elemType: ElemType;
  dims: (number | string)[];
}

export interface ForgeGraph {
  name: string;
  inputs: ValueIR[];
  outputs: ValueIR[];
  nodes: NodeIR[];
  initializers: TensorIR[];
  /** Opset version per domain ('' = ai.onnx). */
  opsets: Record<string, number>;
}

/** Attribute constructors for values a bare number cannot express. */
export const attr = {
  float: (value: number): FloatAttr => ({ kind: 'float', value }),
  floats: (value: number[]): FloatsAttr => ({ kind: 'floats', value }),
  tensor: (value: TensorIR): TensorAttr => ({ kind: 'tensor', value }),
};
