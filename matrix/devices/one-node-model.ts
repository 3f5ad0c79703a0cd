/**
 * A one-node ONNX model encoded in code (no committed binary): by default `c = Add(a, b)` over
 * float32 [2]. Device probes run it on each execution provider; tests build variants of it to get
 * real runtime error messages (an op with no kernel for a type, an op that does not exist).
 */
import onnxProto from 'onnx-proto';

const { onnx } = onnxProto;

export interface OneNodeModelOptions {
  /** Operator type (default `Add`). */
  opType?: string;
  /** Operator domain ('' = ai.onnx, e.g. `com.microsoft`). */
  domain?: string;
  /** ONNX element type of inputs and output (1 = float32, 4 = uint16, ...; default 1). */
  elemType?: number;
  /** ai.onnx opset (default 13). */
  opset?: number;
  /** Node name (default `probe`). */
  nodeName?: string;
}

/** ModelProto bytes of `c = opType(a, b)` with `a`, `b`, `c` of shape [2]. */
export function oneNodeModel(options: OneNodeModelOptions = {}): Uint8Array {
  const { opType = 'Add', domain = '', elemType = 1, opset = 13, nodeName = 'probe' } = options;
  const value = (name: string) => ({ name, type: { tensorType: { elemType, shape: { dim: [{ dimValue: 2 }] } } } });
  const opsetImport = [{ domain: '', version: opset }];
  if (domain !== '') opsetImport.push({ domain, version: 1 });
  return onnx.ModelProto.encode({
    irVersion: 8,
    producerName: 'model-matrix-probe',
    opsetImport,
    graph: {
      name: 'probe',
      node: [{ name: nodeName, opType, domain, input: ['a', 'b'], output: ['c'] }],
      input: [value('a'), value('b')],
      output: [value('c')],
    },
  }).finish();
}
