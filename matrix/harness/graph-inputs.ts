/**
 * Deterministic inputs built from what an ONNX graph declares (`session.inputMetadata`), for models
 * of a kind of their own that no tokenizer or processor describes (time series, vocoders, ...):
 * a dim named like a batch becomes `batch`, any other symbolic dim 8; integers count up from 1
 * (masks are all ones), floats follow a sine.
 */
import { Tensor } from '@huggingface/transformers';
import type { ModelInputs } from './model-api.js';

/** One graph input as onnxruntime-node describes it. */
export interface GraphInput {
  name: string;
  isTensor?: boolean;
  type?: string;
  shape?: ReadonlyArray<number | string>;
}

const SYMBOLIC_DIM = 8;

export function graphInputs(metadata: readonly GraphInput[], batch = 1): ModelInputs {
  const inputs: ModelInputs = {};
  for (const input of metadata) {
    if (input.isTensor === false) continue;
    const dims = (input.shape ?? []).map((d) => (typeof d === 'number' && d >= 0 ? d : /batch/i.test(String(d)) ? batch : SYMBOLIC_DIM));
    const size = dims.reduce((a, d) => a * d, 1);
    const mask = /mask/i.test(input.name);
    switch (input.type) {
      case 'int64':
        inputs[input.name] = new Tensor('int64', BigInt64Array.from({ length: size }, (_, i) => BigInt(mask ? 1 : (i % 10) + 1)), dims);
        break;
      case 'int32':
        inputs[input.name] = new Tensor('int32', Int32Array.from({ length: size }, (_, i) => (mask ? 1 : (i % 10) + 1)), dims);
        break;
      case 'bool':
        inputs[input.name] = new Tensor('bool', Uint8Array.from({ length: size }, () => 1), dims);
        break;
      default:
        inputs[input.name] = new Tensor('float32', Float32Array.from({ length: size }, (_, i) => 0.5 * Math.sin(i * 0.37)), dims);
    }
  }
  return inputs;
}
