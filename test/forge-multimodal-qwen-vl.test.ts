/**
 * The Qwen-VL image-text-to-text contract: every family loads in transformers.js 4.3.1 with
 * AutoModelForImageTextToText and AutoProcessor; the processor's flattened patches and grid give
 * exactly as many image tokens as the vision encoder yields merged features; greedy generation with
 * the KV cache and 3-D RoPE positions runs exactly max_new_tokens and equals a full recompute; the
 * image reaches the logits; every dtype generates; two builds are byte-identical.
 */
import { describe, expect, it } from 'vitest';
import { AutoModelForImageTextToText, AutoProcessor, env, Tensor } from '@huggingface/transformers';
import { qwenVlImageTextContract as contract, QWEN_VL } from '../matrix/forge/multimodal/qwen-vl-image-text-contract.js';
import { QWEN_VL_FAMILIES } from '../matrix/forge/multimodal/qwen-vl-families.js';
import { ALL_DTYPES, familyTask, forgeToTemp, maxAbsDiff, readTree, syntheticImage, tinyContext } from './forge-media-helpers.js';

env.allowRemoteModels = false;

const MAX_NEW_TOKENS = 4;
type Inputs = Record<string, Tensor>;

async function load(family: string, dtype: (typeof ALL_DTYPES)[number] = 'fp32', dir?: string) {
  const { entry, task } = await familyTask(family, 'image-text-to-text');
  const folder = dir ?? forgeToTemp(contract, tinyContext(entry, task), [dtype]);
  const processor = await AutoProcessor.from_pretrained(folder);
  const model = await AutoModelForImageTextToText.from_pretrained(folder, { dtype, device: 'cpu' });
  const prepare = async (image = syntheticImage(40, 30)): Promise<Inputs> => {
    const messages = [{ role: 'user', content: [{ type: 'image' }, { type: 'text', text: 'Describe this image.' }] }];
    const prompt = processor.apply_chat_template(messages as never, { add_generation_prompt: true }) as string;
    return (await processor(prompt, image)) as Inputs;
  };
  return { model, prepare };
}

describe('qwen-vl-image-text contract', () => {
  it('forges every Qwen-VL family: image tokens match merged features and generation adds exactly max_new_tokens', async () => {
    for (const family of Object.keys(QWEN_VL_FAMILIES)) {
      const { model, prepare } = await load(family);
      const inputs = await prepare();
      const [t, h, w] = (inputs.image_grid_thw!.tolist() as bigint[][])[0]!.map(Number);
      expect(inputs.pixel_values!.dims, family).toEqual([t! * h! * w!, 3 * QWEN_VL.temporal * QWEN_VL.patch ** 2]);
      const imageTokenId = (model.config as unknown as { image_token_id: number }).image_token_id;
      const imageTokens = Array.from(inputs.input_ids!.data as BigInt64Array).filter((id) => Number(id) === imageTokenId).length;
      expect(imageTokens, family).toBe((t! * h! * w!) / QWEN_VL.merge ** 2);
      const out = (await model.generate({ ...inputs, max_new_tokens: MAX_NEW_TOKENS, do_sample: false })) as Tensor;
      expect(out.dims, family).toEqual([1, inputs.input_ids!.dims[1]! + MAX_NEW_TOKENS]);
      await model.dispose();
    }
  });

  it('generates with the KV cache and 3-D positions exactly what a full recompute picks', async () => {
    for (const family of ['qwen2_vl', 'qwen3_vl', 'glm_ocr']) {
      const { model, prepare } = await load(family);
      const inputs = await prepare();
      const promptLength = inputs.input_ids!.dims[1]!;
      const sequence = Array.from(((await model.generate({ ...inputs, max_new_tokens: MAX_NEW_TOKENS, do_sample: false })) as Tensor).data as BigInt64Array);
      for (let step = 0; step < MAX_NEW_TOKENS; step++) {
        const prefix = sequence.slice(0, promptLength + step);
        const ids = new Tensor('int64', BigInt64Array.from(prefix), [1, prefix.length]);
        const mask = new Tensor('int64', new BigInt64Array(prefix.length).fill(1n), [1, prefix.length]);
        const { logits } = (await model({ ...inputs, input_ids: ids, attention_mask: mask })) as { logits: Tensor };
        const last = Array.from((logits.slice(null, -1, null) as Tensor).data as Float32Array);
        expect(BigInt(last.indexOf(Math.max(...last))), `${family} step ${step}`).toBe(sequence[promptLength + step]);
      }
      await model.dispose();
    }
  });

  it('feeds the image into the language model: different pixels give different logits', async () => {
    const { model, prepare } = await load('qwen2_5_vl');
    const a = (await model(await prepare(syntheticImage(32, 32, 1)))) as { logits: Tensor };
    const b = (await model(await prepare(syntheticImage(32, 32, 2)))) as { logits: Tensor };
    expect(maxAbsDiff(a.logits.data as Float32Array, b.logits.data as Float32Array)).toBeGreaterThan(1e-4);
    await model.dispose();
  });

  it('generates in every dtype (fp32, fp16, q8, q4)', async () => {
    const { entry, task } = await familyTask('qwen3_5', 'image-text-to-text');
    const dir = forgeToTemp(contract, tinyContext(entry, task), ALL_DTYPES);
    for (const dtype of ALL_DTYPES) {
      const { model, prepare } = await load('qwen3_5', dtype, dir);
      const inputs = await prepare();
      const out = (await model.generate({ ...inputs, max_new_tokens: MAX_NEW_TOKENS, do_sample: false })) as Tensor;
      expect(out.dims[1], dtype).toBe(inputs.input_ids!.dims[1]! + MAX_NEW_TOKENS);
      await model.dispose();
    }
  });

  it('builds byte-identical folders twice', async () => {
    const { entry, task } = await familyTask('qwen2_vl', 'image-text-to-text');
    const a = readTree(forgeToTemp(contract, tinyContext(entry, task)));
    const b = readTree(forgeToTemp(contract, tinyContext(entry, task)));
    expect(Object.keys(a).sort()).toEqual(Object.keys(b).sort());
    for (const path of Object.keys(a)) expect(a[path]!.equals(b[path]!), path).toBe(true);
  });

  it('refuses families and tasks it does not forge, with the reason', async () => {
    const llava = await familyTask('llava', 'image-text-to-text');
    expect(contract.supports(llava.entry, llava.task)).toMatch(/not a Qwen-VL family/);
    const text = await familyTask('qwen2_vl', 'text-generation');
    expect(contract.supports(text.entry, { ...text.task, autoClass: 'AutoModel' })).toMatch(/not image-text-to-text \(nor the text-only causal LM\)/);
  });

  it('forges the text-only class (Qwen2VLForCausalLM) under the vision-language architecture, so transformers.js loads embed_tokens + decoder', async () => {
    const { entry, task } = await familyTask('qwen2_vl', 'text-generation');
    expect(contract.supports(entry, task)).toBe(true);
    const dir = forgeToTemp(contract, tinyContext(entry, task), ['fp32']);
    const { AutoModelForCausalLM, AutoTokenizer } = await import('@huggingface/transformers');
    const model = (await AutoModelForCausalLM.from_pretrained(dir, { dtype: 'fp32', device: 'cpu' })) as unknown as { constructor: { name: string }; sessions: Record<string, unknown>; generate(o: object): Promise<{ dims: number[] }> };
    expect(model.constructor.name).toBe('Qwen2VLForCausalLM');
    expect(Object.keys(model.sessions).sort()).toEqual(['decoder_model_merged', 'embed_tokens']);
    const inputs = (await AutoTokenizer.from_pretrained(dir))(['hello world']) as { input_ids: { dims: number[] } };
    const out = await model.generate({ ...inputs, max_new_tokens: 3, min_new_tokens: 3, do_sample: false });
    expect(out.dims).toEqual([1, inputs.input_ids.dims[1]! + 3]);
  });
});
