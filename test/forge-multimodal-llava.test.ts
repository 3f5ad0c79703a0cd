/**
 * The LLaVA-style image-text-to-text contract: every family it forges loads in transformers.js
 * 4.3.1 with its Auto class and AutoProcessor, the processor expands the image placeholder into
 * exactly as many image tokens as the vision encoder yields, greedy generation with the KV cache
 * runs exactly max_new_tokens and equals recomputing without a cache, the image reaches the logits,
 * every dtype generates, and two builds are byte-identical.
 */
import { describe, expect, it } from 'vitest';
import { AutoModelForImageTextToText, AutoProcessor, env, type Tensor } from '@huggingface/transformers';
import { llavaImageTextContract as contract, LLAVA_PATCH } from '../matrix/forge/multimodal/llava-image-text-contract.js';
import { LLAVA_FAMILIES } from '../matrix/forge/multimodal/llava-families.js';
import { ALL_DTYPES, familyTask, forgeToTemp, maxAbsDiff, readTree, syntheticImage, tinyContext } from './forge-media-helpers.js';

env.allowRemoteModels = false;

const MAX_NEW_TOKENS = 4;

type Processor = Awaited<ReturnType<typeof AutoProcessor.from_pretrained>>;
type Inputs = Record<string, Tensor>;

/** Processor call in the argument order of the family's processor class. */
async function prepare(processor: Processor, family: string, image = syntheticImage(40, 30)): Promise<Inputs> {
  const style = LLAVA_FAMILIES[family]!.processor;
  if (style === 'paligemma') return (await processor(image, '<image>describe')) as Inputs;
  const messages = [{ role: 'user', content: [{ type: 'image' }, { type: 'text', text: 'Describe this image.' }] }];
  const prompt = processor.apply_chat_template(messages as never, { add_generation_prompt: true }) as string;
  return (style === 'gemma3' ? await processor(prompt, image) : await processor(image, prompt)) as Inputs;
}

async function load(family: string, dtype: (typeof ALL_DTYPES)[number] = 'fp32', dir?: string) {
  const { entry, task } = await familyTask(family, 'image-text-to-text');
  const folder = dir ?? forgeToTemp(contract, tinyContext(entry, task), [dtype]);
  const processor = await AutoProcessor.from_pretrained(folder);
  const model = await AutoModelForImageTextToText.from_pretrained(folder, { dtype, device: 'cpu' });
  return { folder, processor, model };
}

describe('llava-image-text contract', () => {
  it('forges every LLaVA-style family: image tokens match features and generation adds exactly max_new_tokens', async () => {
    for (const family of Object.keys(LLAVA_FAMILIES)) {
      const { processor, model } = await load(family);
      const inputs = await prepare(processor, family);
      const [, , h, w] = inputs.pixel_values!.dims as number[];
      const imageTokenId = (model.config as unknown as { image_token_index: number }).image_token_index;
      const imageTokens = Array.from(inputs.input_ids!.data as BigInt64Array).filter((id) => Number(id) === imageTokenId).length;
      expect(imageTokens, family).toBe((h! / LLAVA_PATCH) * (w! / LLAVA_PATCH));
      const out = (await model.generate({ ...inputs, max_new_tokens: MAX_NEW_TOKENS, do_sample: false })) as Tensor;
      expect(out.dims, family).toEqual([1, inputs.input_ids!.dims[1]! + MAX_NEW_TOKENS]);
      await model.dispose();
    }
  });

  it('generates with the KV cache exactly what a full recompute without cache picks', async () => {
    for (const family of ['llava', 'gemma3', 'mistral3']) {
      const { processor, model } = await load(family);
      const inputs = await prepare(processor, family);
      const promptLength = inputs.input_ids!.dims[1]!;
      const out = (await model.generate({ ...inputs, max_new_tokens: MAX_NEW_TOKENS, do_sample: false })) as Tensor;
      const sequence = Array.from(out.data as BigInt64Array);
      for (let step = 0; step < MAX_NEW_TOKENS; step++) {
        const prefix = sequence.slice(0, promptLength + step);
        const ids = new (inputs.input_ids!.constructor as typeof Tensor)('int64', BigInt64Array.from(prefix), [1, prefix.length]);
        const mask = new (inputs.input_ids!.constructor as typeof Tensor)('int64', new BigInt64Array(prefix.length).fill(1n), [1, prefix.length]);
        const { logits } = (await model({ ...inputs, input_ids: ids, attention_mask: mask })) as { logits: Tensor };
        const last = (logits.slice(null, -1, null) as Tensor).data as Float32Array;
        const argmax = last.indexOf(Math.max(...last));
        expect(BigInt(argmax), `${family} step ${step}`).toBe(sequence[promptLength + step]);
      }
      await model.dispose();
    }
  });

  it('feeds the image into the language model: different pixels give different logits', async () => {
    const { processor, model } = await load('llava');
    const a = (await model(await prepare(processor, 'llava', syntheticImage(32, 32, 1)))) as { logits: Tensor };
    const b = (await model(await prepare(processor, 'llava', syntheticImage(32, 32, 2)))) as { logits: Tensor };
    expect(a.logits.dims).toEqual(b.logits.dims);
    expect(maxAbsDiff(a.logits.data as Float32Array, b.logits.data as Float32Array)).toBeGreaterThan(1e-4);
    await model.dispose();
  });

  it('generates in every dtype (fp32, fp16, q8, q4)', async () => {
    const { entry, task } = await familyTask('llava_qwen2', 'image-text-to-text');
    const dir = forgeToTemp(contract, tinyContext(entry, task), ALL_DTYPES);
    for (const dtype of ALL_DTYPES) {
      const { processor, model } = await load('llava_qwen2', dtype, dir);
      const inputs = await prepare(processor, 'llava_qwen2');
      const out = (await model.generate({ ...inputs, max_new_tokens: MAX_NEW_TOKENS, do_sample: false })) as Tensor;
      expect(out.dims[1], dtype).toBe(inputs.input_ids!.dims[1]! + MAX_NEW_TOKENS);
      await model.dispose();
    }
  });

  it('builds byte-identical folders twice', async () => {
    const { entry, task } = await familyTask('paligemma', 'image-text-to-text');
    const a = readTree(forgeToTemp(contract, tinyContext(entry, task)));
    const b = readTree(forgeToTemp(contract, tinyContext(entry, task)));
    expect(Object.keys(a).sort()).toEqual(Object.keys(b).sort());
    expect(Object.keys(a)).toContain('onnx/vision_encoder_q4.onnx');
    for (const path of Object.keys(a)) expect(a[path]!.equals(b[path]!), path).toBe(true);
  });

  it('refuses families and tasks it does not forge, with the reason', async () => {
    const bert = await familyTask('bert', 'fill-mask');
    expect(contract.supports(bert.entry, bert.task)).toMatch(/not a LLaVA-style family/);
    const gemma3 = await familyTask('gemma3', 'text-generation');
    expect(contract.supports(gemma3.entry, gemma3.task)).toMatch(/not image-text-to-text/);
  });
});
