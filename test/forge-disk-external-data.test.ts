/**
 * ONNX external data (disk/write-external-data-model.ts) and lazy weights (onnx/lazy-tensor.ts): a forged
 * gpt2 written with external data in every dtype loads in transformers.js 4.3.1 and generates exactly what
 * the inline forge generates; lazy weights give the bytes eager ones give.
 */
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import onnxProto from 'onnx-proto';
import { describe, expect, it } from 'vitest';
import { forgeFamily } from '../matrix/forge/forge-family.js';
import { deriveVariant } from '../matrix/forge/onnx/dtype-variants.js';
import { encodeModel } from '../matrix/forge/onnx/encode-model.js';
import { GraphBuilder } from '../matrix/forge/onnx/graph-builder.js';
import { isLazyTensor, LAZY_MIN_ELEMENTS } from '../matrix/forge/onnx/lazy-tensor.js';
import { DTYPES } from '../matrix/harness/types.js';
import { entryOf, transformers } from './forge-text-helpers.js';

const temp = (name: string) => mkdtempSync(join(tmpdir(), `forge-ext-${name}-`));

describe('external data', () => {
  it('writes model.onnx + model.onnx_data per dtype, names them in config.json, and transformers.js generates the same tokens', async () => {
    const entry = await entryOf('gpt2');
    const inlineDir = temp('inline');
    const externalDir = temp('external');
    forgeFamily(entry, { outDir: inlineDir, tasks: ['text-generation'] });
    forgeFamily(entry, { outDir: externalDir, tasks: ['text-generation'], externalDataMinBytes: 0 });
    const inline = join(inlineDir, 'gpt2', 'text-generation');
    const external = join(externalDir, 'gpt2', 'text-generation');

    expect(readdirSync(join(inline, 'onnx')).sort()).toEqual(['model.onnx', 'model_fp16.onnx', 'model_q4.onnx', 'model_quantized.onnx']);
    expect(readdirSync(join(external, 'onnx')).sort()).toEqual(
      ['model.onnx', 'model.onnx_data', 'model_fp16.onnx', 'model_fp16.onnx_data', 'model_q4.onnx', 'model_q4.onnx_data', 'model_quantized.onnx', 'model_quantized.onnx_data'],
    );
    const config = JSON.parse(readFileSync(join(external, 'config.json'), 'utf8')) as Record<string, Record<string, unknown>>;
    expect(config['transformers.js_config']!.use_external_data_format).toEqual({ 'model.onnx': 1, 'model_fp16.onnx': 1, 'model_quantized.onnx': 1, 'model_q4.onnx': 1 });
    expect(JSON.parse(readFileSync(join(inline, 'config.json'), 'utf8'))['transformers.js_config']).toBeUndefined();

    const proto = onnxProto.onnx.ModelProto.decode(readFileSync(join(external, 'onnx', 'model.onnx')));
    const big = proto.graph!.initializer!.filter((t) => t.dataLocation === onnxProto.onnx.TensorProto.DataLocation.EXTERNAL);
    expect(big.length).toBeGreaterThan(0);
    for (const t of big) {
      const keys = Object.fromEntries(t.externalData!.map((e) => [e.key, e.value]));
      expect(keys.location).toBe('model.onnx_data');
      expect(Number(keys.offset) % 4096).toBe(0);
    }

    const tokenizer = await transformers.AutoTokenizer.from_pretrained(inline);
    const inputs = tokenizer('hello world');
    for (const dtype of DTYPES) {
      const generated: bigint[][] = [];
      for (const dir of [inline, external]) {
        const model = await transformers.AutoModelForCausalLM.from_pretrained(dir, { dtype, device: 'cpu' });
        const out = (await model.generate({ ...inputs, max_new_tokens: 4, do_sample: false } as never)) as transformers.Tensor;
        generated.push(Array.from(out.data as BigInt64Array));
        await model.dispose();
      }
      expect(generated[1], dtype).toEqual(generated[0]);
    }
  });

  it('keeps tiny models inline by default', async () => {
    const entry = await entryOf('bert');
    const dir = temp('bert');
    forgeFamily(entry, { outDir: dir, tasks: ['feature-extraction'] });
    expect(readdirSync(join(dir, 'bert', 'feature-extraction', 'onnx')).some((f) => f.endsWith('_data'))).toBe(false);
  });
});

describe('lazy weights', () => {
  it('computes large weights on read, with the bytes an eager weight has, in every dtype', () => {
    const g = new GraphBuilder({ seed: 5, name: 'lazy' });
    const x = g.input('x', 'float32', ['batch_size', 2048]);
    const big = g.weight('w', [2048, LAZY_MIN_ELEMENTS / 2048]);
    const small = g.weight('s', [LAZY_MIN_ELEMENTS / 2048, 8]);
    g.output(g.op1('MatMul', [g.op1('MatMul', [x, big]), small]), 'y', 'float32', ['batch_size', 8]);
    const graph = g.graph();
    expect(graph.initializers.map(isLazyTensor)).toEqual([true, false]);
    // A spread reads the getter once: the same graph with every weight held.
    const eager = { ...graph, initializers: graph.initializers.map((t) => ({ ...t })) };
    expect(eager.initializers.map(isLazyTensor)).toEqual([false, false]);
    for (const dtype of DTYPES) {
      expect(Buffer.from(encodeModel(deriveVariant(graph, dtype))).equals(Buffer.from(encodeModel(deriveVariant(eager, dtype)))), dtype).toBe(true);
    }
  });
});
