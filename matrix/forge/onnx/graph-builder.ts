/**
 * Builds an ONNX graph node by node: inputs, seeded float32 weights, constants, ops, outputs.
 * Deterministic: each weight draws from its own stream seeded by (builder seed, weight name),
 * so two builds with the same calls are byte-identical.
 */
import type { ElemType } from './elem-type.js';
import { encodeModel } from './encode-model.js';
import type { AttrValue, ForgeGraph, NodeIR, TensorIR, ValueIR } from './forge-graph.js';
import { LAZY_MIN_ELEMENTS, lazyTensor } from './lazy-tensor.js';
import { mulberry32, seedFromString } from './prng.js';

/** Default ai.onnx opset of forged graphs. */
export const DEFAULT_OPSET = 17;
/** com.microsoft opset, imported only when a node of that domain is used. */
export const MS_DOMAIN = 'com.microsoft';

export interface GraphBuilderOptions {
  /** Seed of every weight in the graph (default 0). */
  seed?: number;
  name?: string;
  opset?: number;
}

export interface WeightOptions {
  /** Standard deviation of the uniform draw (default 0.02 scaled so small models stay well-conditioned). */
  std?: number;
  /** Mean added to every value (e.g. 1 for norm scales drawn near one). */
  mean?: number;
  /** Constant fill instead of random values (e.g. 1 for LayerNorm scale, 0 for biases). */
  fill?: number;
}

export interface OpOptions {
  /** Number of outputs (auto-named) or their explicit names. Default 1. */
  outputs?: number | string[];
  domain?: string;
  name?: string;
}

export class GraphBuilder {
  private readonly seed: number;
  private readonly name: string;
  private readonly opsets: Record<string, number>;
  private readonly inputs: ValueIR[] = [];
  private readonly outputs: ValueIR[] = [];
  private readonly nodes: NodeIR[] = [];
  private readonly initializers: TensorIR[] = [];
  private readonly names = new Set<string>();
  private readonly constCache = new Map<string, string>();
  private counter = 0;

  constructor(options: GraphBuilderOptions = {}) {
    this.seed = options.seed ?? 0;
    this.name = options.name ?? 'forged';
    this.opsets = { '': options.opset ?? DEFAULT_OPSET };
  }

  /** Declares a graph input; returns its name. Dims are numbers or symbolic names (`batch_size`). */
  input(name: string, elemType: ElemType, dims: (number | string)[]): string {
    this.claim(name);
    this.inputs.push({ name, elemType, dims });
    return name;
  }

  /** Declares `value` as the graph output `name` (an Identity is added when the names differ). */
  output(value: string, name: string, elemType: ElemType, dims: (number | string)[]): string {
    if (value !== name) this.op('Identity', [value], {}, { outputs: [name] });
    this.outputs.push({ name, elemType, dims });
    return name;
  }

  /**
   * A seeded float32 initializer; returns its name. Weights of LAZY_MIN_ELEMENTS or more are computed
   * on read (the same values), so a real-size model is never held in memory whole.
   */
  weight(name: string, dims: number[], options: WeightOptions = {}): string {
    this.claim(name);
    const size = dims.reduce((a, b) => a * b, 1);
    const seed = seedFromString(name, this.seed);
    const make = () => seededWeight(size, seed, options);
    this.initializers.push(size >= LAZY_MIN_ELEMENTS ? lazyTensor(name, 'float32', dims, make) : { name, elemType: 'float32', dims, data: make() });
    return name;
  }

  /** An int64 constant (scalar when `dims` is []; 1-D by default). Equal constants are shared. */
  constInt64(values: number | number[], dims?: number[]): string {
    const list = typeof values === 'number' ? [values] : values;
    const shape = dims ?? (typeof values === 'number' ? [] : [list.length]);
    return this.constant('int64', shape, list, () => BigInt64Array.from(list, (v) => BigInt(v)));
  }

  /** A float32 constant (scalar when `dims` is []; 1-D by default). Equal constants are shared. */
  constFloat(values: number | number[], dims?: number[]): string {
    const list = typeof values === 'number' ? [values] : values;
    const shape = dims ?? (typeof values === 'number' ? [] : [list.length]);
    return this.constant('float32', shape, list, () => Float32Array.from(list));
  }

  /** Adds an initializer with given data (for callers that compute their own tables). */
  tensor(name: string, elemType: ElemType, dims: number[], data: TensorIR['data']): string {
    this.claim(name);
    this.initializers.push({ name, elemType, dims, data });
    return name;
  }

  /** Adds a node; returns its output names. Pass '' for an omitted optional input. */
  op(type: string, inputs: string[], attrs: Record<string, AttrValue> = {}, options: OpOptions = {}): string[] {
    const domain = options.domain ?? '';
    if (domain && !(domain in this.opsets)) this.opsets[domain] = 1;
    const id = this.counter++;
    const outputs =
      typeof options.outputs === 'object'
        ? options.outputs
        : Array.from({ length: options.outputs ?? 1 }, (_, i) => `${type}_${id}_out${i}`);
    for (const out of outputs) this.claim(out);
    this.nodes.push({ name: options.name ?? `${type}_${id}`, opType: type, domain, inputs, outputs, attrs });
    return outputs;
  }

  /** `op` for the common single-output case. */
  op1(type: string, inputs: string[], attrs: Record<string, AttrValue> = {}, options: Omit<OpOptions, 'outputs'> = {}): string {
    return this.op(type, inputs, attrs, options)[0]!;
  }

  /** The graph as IR (shared arrays: do not mutate; variants copy). */
  graph(): ForgeGraph {
    return {
      name: this.name,
      inputs: this.inputs,
      outputs: this.outputs,
      nodes: this.nodes,
      initializers: this.initializers,
      opsets: { ...this.opsets },
    };
  }

  /** ModelProto bytes of the fp32 graph. */
  toBytes(): Uint8Array {
    return encodeModel(this.graph());
  }

  private constant(elemType: ElemType, dims: number[], values: number[], make: () => TensorIR['data']): string {
    const key = `${elemType}|${dims.join(',')}|${values.join(',')}`;
    const cached = this.constCache.get(key);
    if (cached) return cached;
    const name = `const_${this.constCache.size}`;
    this.tensor(name, elemType, dims, make());
    this.constCache.set(key, name);
    return name;
  }

  private claim(name: string): void {
    if (this.names.has(name)) throw new Error(`forge graph "${this.name}": the name "${name}" is used twice`);
    this.names.add(name);
  }
}

function seededWeight(size: number, seed: number, options: WeightOptions): Float32Array {
  const data = new Float32Array(size);
  if (options.fill !== undefined) return data.fill(options.fill);
  const random = mulberry32(seed);
  const halfWidth = (options.std ?? 0.02) * Math.sqrt(3);
  const mean = options.mean ?? 0;
  for (let i = 0; i < size; i++) data[i] = mean + (random() * 2 - 1) * halfWidth;
  return data;
}
