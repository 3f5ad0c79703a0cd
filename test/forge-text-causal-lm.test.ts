import { describe, expect, it } from 'vitest';
import { causalLmContract } from '../matrix/forge/text/causal-lm-contract.js';
import { compare, entryOf, forgeText, load, transformers } from './forge-text-helpers.js';

const PROMPT = 'hello world the cat';

async function greedy(model: any, inputs: any, extra: Record<string, unknown> = {}): Promise<number[][]> {
  const out = await model.generate({ ...inputs, max_new_tokens: 6, do_sample: false, ...extra });
  return (out.tolist() as bigint[][]).map((row) => row.map(Number));
}

describe('causal LM contract in transformers.js', () => {
  // One family per cache layout / block style: llama (RoPE + GQA), gpt2 (learned positions, MHA),
  // gpt_bigcode (fused multi-query cache), lfm2 (conv-state cache), granitemoehybrid (mamba states).
  it.each(['llama', 'gpt2', 'gpt_bigcode', 'lfm2', 'granitemoehybrid', 'qwen3_next'])(
    '%s: greedy with KV cache equals recompute, left-padded batch equals single, exactly max_new_tokens',
    async (family) => {
      const dir = await forgeText(causalLmContract, family, 'text-generation');
      const tokenizer = await transformers.AutoTokenizer.from_pretrained(dir);
      const model = await load('AutoModelForCausalLM', dir);
      const single = tokenizer([PROMPT]);
      const promptLength = single.input_ids.dims[1];
      const cached = await greedy(model, single);
      const recomputed = await greedy(model, single, { use_cache: false });
      expect(cached[0]!.length).toBe(promptLength + 6);
      expect(cached).toEqual(recomputed);
      tokenizer.padding_side = 'left';
      const batch = await greedy(model, tokenizer([PROMPT, 'a'], { padding: true }));
      expect(batch[0]).toEqual(cached[0]);
      const shortAlone = await greedy(model, tokenizer(['a']));
      expect(batch[1]!.slice(-6)).toEqual(shortAlone[0]!.slice(-6));
    },
  );

  it('declares numeric kv heads / head dim and grouped KV heads for llama', async () => {
    const model = await load('AutoModelForCausalLM', await forgeText(causalLmContract, 'llama', 'text-generation'));
    const meta = model.sessions.model.inputMetadata.find((m: { name: string }) => m.name === 'past_key_values.0.key');
    expect(meta.shape).toEqual(['batch_size', 2, 'past_sequence_length', 8]);
    expect(model.config.num_attention_heads).toBe(4);
  });

  it('fp16 (fp16 KV cache) / q8 / q4 logits stay close to fp32 and generate', async () => {
    const dir = await forgeText(causalLmContract, 'llama', 'text-generation', ['fp32', 'fp16', 'q8', 'q4']);
    const tokenizer = await transformers.AutoTokenizer.from_pretrained(dir);
    const inputs = tokenizer([PROMPT]);
    const fp32 = await load('AutoModelForCausalLM', dir, 'fp32');
    const ref = (await fp32(inputs)).logits.data as Float32Array;
    for (const [dtype, min] of [['fp16', 0.999], ['q8', 0.99], ['q4', 0.95]] as const) {
      const model = await load('AutoModelForCausalLM', dir, dtype);
      if (dtype === 'fp16') {
        const meta = model.sessions.model.inputMetadata.find((m: { name: string }) => m.name === 'past_key_values.0.key');
        expect(meta.type).toBe('float16');
      }
      expect(compare((await model(inputs)).logits.data as Float32Array, ref).cosine, dtype).toBeGreaterThanOrEqual(min);
      expect((await greedy(model, inputs))[0]!.length, dtype).toBe(inputs.input_ids.dims[1] + 6);
    }
  });

  it('feature-extraction gives last_hidden_state from the base model', async () => {
    const dir = await forgeText(causalLmContract, 'qwen2', 'feature-extraction');
    const extractor = await transformers.pipeline('feature-extraction', dir, { local_files_only: true } as never);
    const out = await (extractor as any)('hello world');
    expect(out.dims[2]).toBe(32);
  });

  it("a multimodal family's text-only class (Gemma3ForCausalLM) gets its text model's graph under text_config and generates", async () => {
    const dir = await forgeText(causalLmContract, 'gemma3', 'text-generation');
    const model = await load('AutoModelForCausalLM', dir);
    expect(model.constructor.name).toBe('Gemma3ForCausalLM');
    expect(model.config.text_config.model_type).toBe('gemma3_text');
    const tokenizer = await transformers.AutoTokenizer.from_pretrained(dir);
    const inputs = tokenizer(['hello world']);
    const out = await model.generate({ ...inputs, max_new_tokens: 3, min_new_tokens: 3, do_sample: false });
    expect(out.dims).toEqual([1, inputs.input_ids.dims[1] + 3]);
    const gemma3 = await entryOf('gemma3');
    expect(causalLmContract.supports(gemma3, gemma3.tasks.find((t) => t.task === 'image-text-to-text')!)).toMatch(/not a decoder-only family/);
  });

  it('names the reason for families it cannot forge', async () => {
    const phi3v = await entryOf('phi3_v');
    expect(causalLmContract.supports(phi3v, phi3v.tasks[0]!)).toMatch(/multi-session/);
    const bert = await entryOf('bert');
    expect(causalLmContract.supports(bert, bert.tasks[0]!)).toMatch(/not a decoder-only family/);
  });
});
