import { describe, expect, it } from 'vitest';
import { textSeq2SeqContract } from '../matrix/forge/text/text-seq2seq-contract.js';
import { compare, entryOf, forgeText, load, taskOf, transformers } from './forge-text-helpers.js';

async function greedy(model: any, inputs: any, extra: Record<string, unknown> = {}): Promise<number[][]> {
  const out = await model.generate({ ...inputs, max_new_tokens: 5, do_sample: false, ...extra });
  return (out.tolist() as bigint[][]).map((row) => row.map(Number));
}

describe('text seq2seq contract in transformers.js', () => {
  it.each(['t5', 'bart', 'marian'])('%s: starts at decoder_start_token_id, cache equals recompute, padded batch equals single', async (family) => {
    const dir = await forgeText(textSeq2SeqContract, family, 'text2text-generation');
    const tokenizer = await transformers.AutoTokenizer.from_pretrained(dir);
    const model = await load('AutoModelForSeq2SeqLM', dir);
    expect(model.sessions.model).toBeDefined();
    expect(model.sessions.decoder_model_merged.inputNames).toContain('past_key_values.0.encoder.key');
    const single = tokenizer(['hello world the cat']);
    const cached = await greedy(model, single);
    expect(cached[0]![0]).toBe(model.config.decoder_start_token_id);
    expect(cached[0]).toHaveLength(6);
    expect(await greedy(model, single, { use_cache: false })).toEqual(cached);
    const batch = await greedy(model, tokenizer(['hello world the cat', 'a'], { padding: true }));
    expect(batch[0]).toEqual(cached[0]);
    expect(batch[1]).toEqual((await greedy(model, tokenizer(['a'])))[0]);
  });

  it('runs the text2text-generation pipeline', async () => {
    const pipe = await transformers.pipeline('text2text-generation', await forgeText(textSeq2SeqContract, 'mt5', 'text2text-generation'), { local_files_only: true } as never);
    const [out] = (await (pipe as any)('translate: hello', { max_new_tokens: 3 })) as Array<{ generated_text: string }>;
    expect(typeof out!.generated_text).toBe('string');
  });

  it('fp16 / q8 / q4 decoder logits stay close to fp32 (cosine ≥ 0.999 / 0.99 / 0.95)', async () => {
    const dir = await forgeText(textSeq2SeqContract, 'bart', 'text2text-generation', ['fp32', 'fp16', 'q8', 'q4']);
    const tokenizer = await transformers.AutoTokenizer.from_pretrained(dir);
    const inputs = { ...tokenizer(['hello world']), decoder_input_ids: new transformers.Tensor('int64', BigInt64Array.of(0n, 5n, 7n), [1, 3]) };
    const ref = (await (await load('AutoModelForSeq2SeqLM', dir))(inputs)).logits.data as Float32Array;
    for (const [dtype, min] of [['fp16', 0.999], ['q8', 0.99], ['q4', 0.95]] as const) {
      const out = (await (await load('AutoModelForSeq2SeqLM', dir, dtype))(inputs)).logits.data as Float32Array;
      expect(compare(out, ref).cosine, dtype).toBeGreaterThanOrEqual(min);
    }
  });

  it('builds only text2text-generation and says why not for the other tasks', async () => {
    const mbart = await entryOf('mbart');
    const causal = mbart.tasks.find((t) => t.task === 'text-generation')!;
    expect(textSeq2SeqContract.supports(mbart, causal)).toMatch(/only text2text-generation/);
  });

  it.each(['bart', 't5'])('%s bare model (feature-extraction): encoder + decoder step give last_hidden_state, no logits', async (family) => {
    const { entry, task } = await taskOf(family, 'feature-extraction');
    expect(textSeq2SeqContract.supports(entry, task)).toBe(true);
    const dir = await forgeText(textSeq2SeqContract, family, 'feature-extraction');
    const tokenizer = await transformers.AutoTokenizer.from_pretrained(dir);
    const model = await load('AutoModel', dir);
    expect(Object.keys(model.sessions).sort()).toEqual(['decoder_model_merged', 'model']);
    const decoder_input_ids = new transformers.Tensor('int64', BigInt64Array.of(BigInt(model.config.decoder_start_token_id)), [1, 1]);
    const out = await model({ ...tokenizer(['hello world the cat']), decoder_input_ids });
    expect(out.logits).toBeUndefined();
    expect(out.last_hidden_state.dims).toEqual([1, 1, model.config.d_model]);
  });

  it('refuses the other tasks of the family, naming what it builds', async () => {
    const { entry, task } = await taskOf('bart', 'text-classification');
    const why = textSeq2SeqContract.supports(entry, task);
    expect(why).toMatch(/only text2text-generation and the bare model's feature-extraction/);
  });
});
