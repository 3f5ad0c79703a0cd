/**
 * Qwen3.5's text model (qwen3_5_text): the forged embed_tokens + 3-D-RoPE decoder loads through
 * AutoModelForCausalLM as transformers.js's text-only Qwen3_5ForCausalLM, generates exactly
 * max_new_tokens for a left-padded batch in every dtype. (Padded rows do not equal single runs after
 * the first token: 3-D RoPE positions of continuation steps ignore the left padding — see the report.)
 */
import { describe, expect, it } from 'vitest';
import { AutoModelForCausalLM, AutoTokenizer, env, type Tensor } from '@huggingface/transformers';
import { qwen35TextContract as contract } from '../matrix/forge/text/qwen3-5-text-contract.js';
import { ALL_DTYPES, familyTask, forgeToTemp, readTree, tinyContext } from './forge-media-helpers.js';

env.allowRemoteModels = false;

type Inputs = Record<string, Tensor>;

describe('forged Qwen3.5 text model', () => {
  it('loads the text-only sessions and generates exactly max_new_tokens for a padded batch, in every dtype', async () => {
    const { entry, task } = await familyTask('qwen3_5_text', 'text-generation');
    const dir = forgeToTemp(contract, tinyContext(entry, task));
    const tokenizer = await AutoTokenizer.from_pretrained(dir);
    const inputs = tokenizer(['Once upon a time', 'hi'], { padding: true }) as Inputs;
    for (const dtype of ALL_DTYPES) {
      const model = await AutoModelForCausalLM.from_pretrained(dir, { dtype, device: 'cpu' });
      expect(Object.keys((model as unknown as { sessions: object }).sessions).sort()).toEqual(['decoder_model_merged', 'embed_tokens']);
      const out = (await model.generate({ ...inputs, max_new_tokens: 4, do_sample: false })) as Tensor;
      expect(out.dims, dtype).toEqual([2, inputs.input_ids!.dims[1]! + 4]);
      await model.dispose();
    }
  });

  it('builds byte-identical folders and refuses other families', async () => {
    const { entry, task } = await familyTask('qwen3_5_text', 'text-generation');
    const a = readTree(forgeToTemp(contract, tinyContext(entry, task)));
    const b = readTree(forgeToTemp(contract, tinyContext(entry, task)));
    for (const path of Object.keys(a)) expect(a[path]!.equals(b[path]!), path).toBe(true);
    const qwen3 = await familyTask('qwen3', 'text-generation');
    expect(contract.supports(qwen3.entry, qwen3.task)).toMatch(/not the qwen3_5_text family/);
  });
});
