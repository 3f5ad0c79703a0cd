import { readFile } from 'node:fs/promises';
import onnxProto from 'onnx-proto';
import { ModelFileError } from './errors.js';

const { onnx } = onnxProto;

type Dim = number | { toNumber(): number };
interface GraphLike {
  initializer?: Array<{ dims?: Dim[] | null }> | null;
  sparseInitializer?: Array<{ dims?: Dim[] | null }> | null;
  node?: Array<{ attribute?: Array<{ g?: GraphLike | null; graphs?: GraphLike[] | null }> | null }> | null;
}

/**
 * Number of parameters of an ONNX model: the sum of its initializers' element counts (product of dims),
 * including sparse initializers and those in subgraphs (If/Loop branches of merged decoders). Only dims
 * are read, so models with external data count without their .onnx_data. Counts are of stored elements:
 * for packed 4-bit weights (MatMulNBits) that is bytes, so count the fp32 graph for a model's size.
 * Throws HARNESS_MODEL_UNREADABLE for a missing or undecodable file.
 */
export async function parameterCount(onnxPath: string): Promise<number> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(onnxPath);
  } catch (error) {
    throw new ModelFileError(onnxPath, (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'file not found' : String(error), error);
  }
  let graph: GraphLike | null | undefined;
  try {
    graph = onnx.ModelProto.decode(bytes).graph as GraphLike | null | undefined;
  } catch (error) {
    throw new ModelFileError(onnxPath, `not an ONNX ModelProto (${(error as Error).message})`, error);
  }
  if (!graph) throw new ModelFileError(onnxPath, 'the model has no graph');
  return countGraph(graph);
}

/** Parameters of an already-read ONNX model (same counting as `parameterCount`); throws when undecodable. */
export function countParameters(bytes: Uint8Array): number {
  const graph = onnx.ModelProto.decode(bytes).graph as GraphLike | null | undefined;
  return graph ? countGraph(graph) : 0;
}

function countGraph(graph: GraphLike): number {
  let total = 0;
  for (const tensor of [...(graph.initializer ?? []), ...(graph.sparseInitializer ?? [])]) total += elements(tensor.dims ?? []);
  for (const node of graph.node ?? []) {
    for (const attribute of node.attribute ?? []) {
      if (attribute.g) total += countGraph(attribute.g);
      for (const sub of attribute.graphs ?? []) total += countGraph(sub);
    }
  }
  return total;
}

function elements(dims: Dim[]): number {
  let count = 1;
  for (const dim of dims) count *= typeof dim === 'number' ? dim : dim.toNumber();
  return count;
}
