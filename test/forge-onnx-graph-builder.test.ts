import { describe, expect, it } from 'vitest';
import * as ort from 'onnxruntime-node';
import { GraphBuilder } from '../matrix/forge/onnx/graph-builder.js';
import { layerNorm, linear } from '../matrix/forge/onnx/blocks.js';
import { deriveVariant } from '../matrix/forge/onnx/dtype-variants.js';
import { encodeModel } from '../matrix/forge/onnx/encode-model.js';
import { encoderTextContract } from '../matrix/forge/text/encoder-text-contract.js';
import { causalLmContract } from '../matrix/forge/text/causal-lm-contract.js';
import { isForgeGraph } from '../matrix/forge/contracts/forged-folder.js';
import { TINY } from '../matrix/forge/contracts/contract.js';
import { taskOf } from './forge-text-helpers.js';

function tinyMlp(seed: number): GraphBuilder {
  const g = new GraphBuilder({ seed });
  const x = g.input('x', 'float32', ['batch_size', 8]);
  g.output(layerNorm(g, linear(g, x, 'fc', 8, 4), 'ln', 4), 'y', 'float32', ['batch_size', 4]);
  return g;
}

describe('GraphBuilder', () => {
  it('builds byte-identical models from the same calls and seed', () => {
    expect(Buffer.from(tinyMlp(3).toBytes()).equals(Buffer.from(tinyMlp(3).toBytes()))).toBe(true);
  });

  it('gives different weights for a different seed', () => {
    expect(Buffer.from(tinyMlp(3).toBytes()).equals(Buffer.from(tinyMlp(4).toBytes()))).toBe(false);
  });

  it('refuses a name used twice', () => {
    const g = new GraphBuilder();
    g.weight('w', [2]);
    expect(() => g.weight('w', [2])).toThrow(/used twice/);
  });

  it('encodes a graph ONNX Runtime runs, with the computed values', async () => {
    const g = new GraphBuilder();
    const x = g.input('x', 'float32', [2]);
    g.output(g.op1('Mul', [x, g.constFloat([3, 4])]), 'y', 'float32', [2]);
    const session = await ort.InferenceSession.create(g.toBytes());
    const { y } = await session.run({ x: new ort.Tensor('float32', Float32Array.of(1, 2), [2]) });
    expect(Array.from(y!.data as Float32Array)).toEqual([3, 8]);
  });

  it('rebuilds every text contract byte-identically in every dtype', async () => {
    for (const [contract, family, task] of [
      [encoderTextContract, 'bert', 'fill-mask'],
      [causalLmContract, 'llama', 'text-generation'],
      [causalLmContract, 'gpt_bigcode', 'text-generation'],
    ] as const) {
      const { entry, task: t } = await taskOf(family, task);
      const build = () => contract.build({ entry, task: t, seed: 5, size: TINY })['onnx/model.onnx']!;
      const a = build();
      const b = build();
      if (!isForgeGraph(a) || !isForgeGraph(b)) throw new Error('expected graphs');
      for (const dtype of ['fp32', 'fp16', 'q8', 'q4'] as const) {
        expect(Buffer.from(encodeModel(deriveVariant(a, dtype))).equals(Buffer.from(encodeModel(deriveVariant(b, dtype)))), `${family} ${dtype}`).toBe(true);
      }
    }
  });
});
