/**
 * `matrix forge --config` on the large layouts (config/rope-parameters.ts, config/config-approximations.ts):
 * tied embeddings share the embedding table, GQA and an explicit head_dim set the shapes, rope scaling
 * follows Hugging Face's formulas, and what the graph approximates is said.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import onnxProto from 'onnx-proto';
import { describe, expect, it } from 'vitest';
import { ropeParameters } from '../matrix/forge/config/rope-parameters.js';
import { forgeFromConfig } from '../matrix/forge/forge-from-config.js';
import { transformers } from './forge-text-helpers.js';

const small = {
  model_type: 'llama',
  hidden_size: 64,
  intermediate_size: 96,
  num_hidden_layers: 2,
  num_attention_heads: 4,
  num_key_value_heads: 2,
  head_dim: 24,
  vocab_size: 300,
  max_position_embeddings: 4096,
  rope_theta: 500000,
  rope_scaling: { rope_type: 'llama3', factor: 32, low_freq_factor: 1, high_freq_factor: 4, original_max_position_embeddings: 64 },
  tie_word_embeddings: true,
  sliding_window: 128,
};

async function forged(config: Record<string, unknown>) {
  const dir = mkdtempSync(join(tmpdir(), 'forge-layouts-'));
  writeFileSync(join(dir, 'config.json'), JSON.stringify(config));
  const result = await forgeFromConfig({ configPath: join(dir, 'config.json'), outDir: join(dir, 'out'), task: 'text-generation', dtypes: ['fp32', 'q8'] });
  return { result, folder: join(dir, 'out', 'llama', 'text-generation') };
}

describe('forge --config: large layouts', () => {
  it('ties lm_head to the embedding, keeps GQA and head_dim shapes, and the model generates', async () => {
    const { result, folder } = await forged(small);
    const graph = onnxProto.onnx.ModelProto.decode(readFileSync(join(folder, 'onnx', 'model.onnx'))).graph!;
    const names = graph.initializer!.map((t) => t.name);
    expect(names).toContain('model.embed_tokens.weight');
    expect(names).not.toContain('lm_head.weight');
    const dims = (name: string) => graph.initializer!.find((t) => t.name === name)!.dims!.map(Number);
    expect(dims('model.layers.0.self_attn.q_proj.weight')).toEqual([64, 4 * 24]);
    expect(dims('model.layers.0.self_attn.k_proj.weight')).toEqual([64, 2 * 24]);
    expect(graph.input!.find((i) => i.name === 'past_key_values.0.key')!.type!.tensorType!.shape!.dim!.map((d) => d.dimParam || Number(d.dimValue))).toEqual(['batch_size', 2, 'past_sequence_length', 24]);
    expect(result.warnings.join('\n')).toMatch(/sliding_window 128 \(every layer\) is not applied/);

    const model = await transformers.AutoModelForCausalLM.from_pretrained(folder, { dtype: 'q8', device: 'cpu' });
    const ids = new transformers.Tensor('int64', BigInt64Array.from([1n, 2n, 3n]), [1, 3]);
    const out = (await model.generate({ input_ids: ids, attention_mask: new transformers.Tensor('int64', BigInt64Array.from([1n, 1n, 1n]), [1, 3]), max_new_tokens: 4, do_sample: false } as never)) as transformers.Tensor;
    expect(out.dims).toEqual([1, 7]);
    await model.dispose();
  });

  it('computes rope inverse frequencies as Hugging Face does for linear, llama3 and yarn, and warns about other types', () => {
    const plain = ropeParameters({ rope_theta: 10000 }, 8).invFreq;
    expect(plain).toEqual([1, 10000 ** -0.25, 10000 ** -0.5, 10000 ** -0.75]);
    expect(ropeParameters({ rope_theta: 10000, rope_scaling: { type: 'linear', factor: 4 } }, 8).invFreq).toEqual(plain.map((f) => f / 4));
    // llama3: wavelengths below original/high keep their frequency, above original/low are divided by factor.
    const l3 = ropeParameters({ rope_theta: 10000, rope_scaling: { rope_type: 'llama3', factor: 8, low_freq_factor: 1, high_freq_factor: 4, original_max_position_embeddings: 64 } }, 8).invFreq;
    expect(l3[0]).toBe(plain[0]); // wavelength 2π < 16
    expect(l3[3]).toBe(plain[3]! / 8); // wavelength 2π·1000 > 64
    const yarn = ropeParameters({ rope_theta: 10000, max_position_embeddings: 4096, rope_scaling: { rope_type: 'yarn', factor: 4, original_max_position_embeddings: 1024 } }, 64);
    expect(yarn.attentionScale).toBeCloseTo(0.1 * Math.log(4) + 1, 12);
    expect(yarn.invFreq[0]).toBe(1); // highest frequency extrapolated
    expect(yarn.invFreq[31]).toBeCloseTo(10000 ** (-62 / 64) / 4, 15); // lowest interpolated
    expect(ropeParameters({ rope_scaling: { rope_type: 'longrope' } }, 8).approximated[0]).toMatch(/longrope.*not reproduced.*known: linear, llama3, yarn/);
  });
});
