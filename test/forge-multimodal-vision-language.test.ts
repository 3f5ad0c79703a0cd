/**
 * Idefics3 / SmolVLM and LFM2-VL image-text-to-text: each forged model loads in transformers.js
 * 4.3.1 with its Auto class and AutoProcessor, the processor writes exactly as many image tokens as
 * the vision encoder yields features (a mismatch throws inside the model), generation adds exactly
 * max_new_tokens in every dtype, the image reaches the logits, and two builds are byte-identical.
 */
import { describe, expect, it } from 'vitest';
import { AutoModelForImageTextToText, AutoModelForVision2Seq, AutoProcessor, env, type Tensor } from '@huggingface/transformers';
import { IDEFICS3, idefics3ImageTextContract } from '../matrix/forge/multimodal/idefics3-image-text-contract.js';
import { lfm2VlImageTextContract } from '../matrix/forge/multimodal/lfm2-vl-image-text-contract.js';
import { FLORENCE2, florence2Contract } from '../matrix/forge/multimodal/florence2-contract.js';
import { phi3VContract } from '../matrix/forge/multimodal/phi3-v-contract.js';
import { AutoModelForCausalLM, AutoTokenizer } from '@huggingface/transformers';
import type { ForgeContract } from '../matrix/forge/contracts/contract.js';
import { idefics3TokensPerFrame } from '../matrix/forge/multimodal/idefics3-vision-encoder.js';
import { ALL_DTYPES, familyTask, forgeToTemp, maxAbsDiff, readTree, syntheticImage, tinyContext } from './forge-media-helpers.js';

env.allowRemoteModels = false;

const MAX_NEW_TOKENS = 3;
type Inputs = Record<string, Tensor>;
type Processor = Awaited<ReturnType<typeof AutoProcessor.from_pretrained>>;

const CASES: ReadonlyArray<{ family: string; contract: ForgeContract; textFirst: boolean }> = [
  { family: 'smolvlm', contract: idefics3ImageTextContract, textFirst: true },
  { family: 'idefics3', contract: idefics3ImageTextContract, textFirst: true },
  { family: 'lfm2_vl', contract: lfm2VlImageTextContract, textFirst: false },
];

/** Chat prompt with one image, in the argument order of the family's processor. */
async function prepare(processor: Processor, textFirst: boolean, image = syntheticImage(40, 30)): Promise<Inputs> {
  const messages = [{ role: 'user', content: [{ type: 'image' }, { type: 'text', text: 'Describe this image.' }] }];
  const prompt = processor.apply_chat_template(messages as never, { add_generation_prompt: true }) as string;
  return (textFirst ? await processor(prompt, image) : await processor(image, prompt)) as Inputs;
}

function countToken(ids: Tensor, id: number): number {
  return Array.from(ids.data as BigInt64Array).filter((x) => Number(x) === id).length;
}

describe('forged vision-language models (Idefics3, SmolVLM, LFM2-VL)', () => {
  it('generates exactly max_new_tokens in every dtype, for small, large and wide images', async () => {
    for (const { family, contract, textFirst } of CASES) {
      const { entry, task } = await familyTask(family, 'image-text-to-text');
      const dir = forgeToTemp(contract, tinyContext(entry, task));
      const processor = await AutoProcessor.from_pretrained(dir);
      for (const dtype of ALL_DTYPES) {
        const model = await AutoModelForImageTextToText.from_pretrained(dir, { dtype, device: 'cpu' });
        for (const [w, h] of [[40, 30], [224, 224], [100, 20]] as const) {
          const inputs = await prepare(processor, textFirst, syntheticImage(w, h));
          const out = (await model.generate({ ...inputs, max_new_tokens: MAX_NEW_TOKENS, do_sample: false })) as Tensor;
          expect(out.dims, `${family} ${dtype} ${w}x${h}`).toEqual([1, inputs.input_ids!.dims[1]! + MAX_NEW_TOKENS]);
        }
        await model.dispose();
      }
    }
  });

  it('Idefics3 writes image_seq_len image tokens per tile and the global view', async () => {
    const { entry, task } = await familyTask('smolvlm', 'image-text-to-text');
    const dir = forgeToTemp(idefics3ImageTextContract, tinyContext(entry, task), ['fp32']);
    const processor = await AutoProcessor.from_pretrained(dir);
    const model = await AutoModelForImageTextToText.from_pretrained(dir, { dtype: 'fp32', device: 'cpu' });
    const inputs = await prepare(processor, true);
    const frames = inputs.pixel_values!.dims[1]!;
    expect(inputs.pixel_values!.dims).toEqual([1, frames, 3, IDEFICS3.tile, IDEFICS3.tile]);
    const imageTokenId = (model.config as unknown as { image_token_id: number }).image_token_id;
    expect(countToken(inputs.input_ids!, imageTokenId)).toBe(frames * idefics3TokensPerFrame(IDEFICS3));
    await model.dispose();
  });

  it('Idefics3 image-to-text (AutoModelForVision2Seq) generates from a bare <image> prompt', async () => {
    const { entry, task } = await familyTask('idefics3', 'image-to-text');
    const dir = forgeToTemp(idefics3ImageTextContract, tinyContext(entry, task), ['fp32']);
    const processor = await AutoProcessor.from_pretrained(dir);
    const model = await AutoModelForVision2Seq.from_pretrained(dir, { dtype: 'fp32', device: 'cpu' });
    const inputs = (await processor('<image>', syntheticImage(224, 224))) as Inputs;
    const out = (await model.generate({ ...inputs, max_new_tokens: MAX_NEW_TOKENS, do_sample: false })) as Tensor;
    expect(out.dims).toEqual([1, inputs.input_ids!.dims[1]! + MAX_NEW_TOKENS]);
    await model.dispose();
  });

  it('feeds the image into the language model: different pixels give different logits', async () => {
    for (const { family, contract, textFirst } of CASES) {
      const { entry, task } = await familyTask(family, 'image-text-to-text');
      const dir = forgeToTemp(contract, tinyContext(entry, task), ['fp32']);
      const processor = await AutoProcessor.from_pretrained(dir);
      const model = await AutoModelForImageTextToText.from_pretrained(dir, { dtype: 'fp32', device: 'cpu' });
      const a = (await model(await prepare(processor, textFirst, syntheticImage(32, 32, 1)))) as { logits: Tensor };
      const b = (await model(await prepare(processor, textFirst, syntheticImage(32, 32, 2)))) as { logits: Tensor };
      expect(a.logits.dims, family).toEqual(b.logits.dims);
      expect(maxAbsDiff(a.logits.data as Float32Array, b.logits.data as Float32Array), family).toBeGreaterThan(1e-4);
      await model.dispose();
    }
  });

  it('a prompt without the image placeholder fails loudly (tokens ≠ features), not silently', async () => {
    const { entry, task } = await familyTask('lfm2_vl', 'image-text-to-text');
    const dir = forgeToTemp(lfm2VlImageTextContract, tinyContext(entry, task), ['fp32']);
    const processor = await AutoProcessor.from_pretrained(dir);
    const model = await AutoModelForImageTextToText.from_pretrained(dir, { dtype: 'fp32', device: 'cpu' });
    const inputs = (await processor(syntheticImage(40, 30), 'no placeholder here')) as Inputs;
    await expect(model.generate({ ...inputs, max_new_tokens: 1 })).rejects.toThrow();
    await model.dispose();
  });

  it('builds byte-identical folders twice, with every dtype of every session', async () => {
    for (const { family, contract } of CASES) {
      const { entry, task } = await familyTask(family, 'image-text-to-text');
      const a = readTree(forgeToTemp(contract, tinyContext(entry, task)));
      const b = readTree(forgeToTemp(contract, tinyContext(entry, task)));
      expect(Object.keys(a).sort()).toEqual(Object.keys(b).sort());
      for (const session of ['vision_encoder', 'embed_tokens', 'decoder_model_merged']) {
        for (const suffix of ['', '_fp16', '_quantized', '_q4']) expect(Object.keys(a), family).toContain(`onnx/${session}${suffix}.onnx`);
      }
      for (const path of Object.keys(a)) expect(a[path]!.equals(b[path]!), `${family} ${path}`).toBe(true);
    }
  });

  it('Florence-2 (encoder-decoder): image tokens prefix the prompt, generation adds exactly max_new_tokens after the start token, in every dtype', async () => {
    const { entry, task } = await familyTask('florence2', 'image-text-to-text');
    const dir = forgeToTemp(florence2Contract, tinyContext(entry, task));
    const processor = (await AutoProcessor.from_pretrained(dir)) as unknown as Processor & {
      batch_decode(t: Tensor, o: unknown): string[];
      post_process_generation(text: string, task: string, size: [number, number]): Record<string, string>;
    };
    const inputs = (await processor(syntheticImage(40, 30), '<CAPTION>')) as Inputs;
    expect(inputs.pixel_values!.dims).toEqual([1, 3, FLORENCE2.imageSize, FLORENCE2.imageSize]);
    for (const dtype of ALL_DTYPES) {
      const model = await AutoModelForImageTextToText.from_pretrained(dir, { dtype, device: 'cpu' });
      const out = (await model.generate({ ...inputs, max_new_tokens: MAX_NEW_TOKENS, do_sample: false })) as Tensor;
      expect(out.dims, dtype).toEqual([1, 1 + MAX_NEW_TOKENS]);
      const text = processor.batch_decode(out, { skip_special_tokens: false })[0]!;
      expect(Object.keys(processor.post_process_generation(text, '<CAPTION>', [40, 30])), dtype).toEqual(['<CAPTION>']);
      await model.dispose();
    }
    const model = await AutoModelForImageTextToText.from_pretrained(dir, { dtype: 'fp32', device: 'cpu' });
    const start = new (inputs.input_ids!.constructor as typeof Tensor)('int64', BigInt64Array.from([2n]), [1, 1]);
    const a = (await model({ ...((await processor(syntheticImage(32, 32, 1), '<CAPTION>')) as Inputs), decoder_input_ids: start })) as { logits: Tensor };
    const b = (await model({ ...((await processor(syntheticImage(32, 32, 2), '<CAPTION>')) as Inputs), decoder_input_ids: start })) as { logits: Tensor };
    expect(maxAbsDiff(a.logits.data as Float32Array, b.logits.data as Float32Array)).toBeGreaterThan(1e-4);
    await model.dispose();
    const x = readTree(forgeToTemp(florence2Contract, tinyContext(entry, task), ['fp32', 'q4']));
    const y = readTree(forgeToTemp(florence2Contract, tinyContext(entry, task), ['fp32', 'q4']));
    for (const path of Object.keys(x)) expect(x[path]!.equals(y[path]!), path).toBe(true);
  });

  it('Phi-3-vision (text-generation class): text batches and an image prompt both generate exactly max_new_tokens, in every dtype', async () => {
    const { entry, task } = await familyTask('phi3_v', 'text-generation');
    const dir = forgeToTemp(phi3VContract, tinyContext(entry, task));
    const tokenizer = await AutoTokenizer.from_pretrained(dir);
    const processor = await AutoProcessor.from_pretrained(dir);
    const text = tokenizer(['Once upon a time', 'hi'], { padding: true }) as Inputs;
    const image = (await processor('<|user|>\n<|image_1|>\nWhat is shown?<|end|>\n<|assistant|>\n', syntheticImage(400, 300))) as Inputs & { num_img_tokens: number[] };
    expect(Array.from(image.input_ids!.data as BigInt64Array).filter((id) => id < 0n).length).toBe(image.num_img_tokens[0]);
    for (const dtype of ALL_DTYPES) {
      const model = await AutoModelForCausalLM.from_pretrained(dir, { dtype, device: 'cpu' });
      const a = (await model.generate({ ...text, max_new_tokens: MAX_NEW_TOKENS, do_sample: false })) as Tensor;
      expect(a.dims, dtype).toEqual([2, text.input_ids!.dims[1]! + MAX_NEW_TOKENS]);
      const b = (await model.generate({ ...image, max_new_tokens: MAX_NEW_TOKENS, do_sample: false })) as Tensor;
      expect(b.dims, dtype).toEqual([1, image.input_ids!.dims[1]! + MAX_NEW_TOKENS]);
      await model.dispose();
    }
  });

  it('refuses families and tasks they do not forge, with the reason', async () => {
    expect(phi3VContract.supports((await familyTask('phi3', 'text-generation')).entry, (await familyTask('phi3', 'text-generation')).task)).toMatch(/not the phi3_v family/);
    expect(florence2Contract.supports((await familyTask('llava', 'image-text-to-text')).entry, (await familyTask('llava', 'image-text-to-text')).task)).toMatch(/not the florence2 family/);
    const llava = await familyTask('llava', 'image-text-to-text');
    expect(idefics3ImageTextContract.supports(llava.entry, llava.task)).toMatch(/not an Idefics3-style family/);
    expect(lfm2VlImageTextContract.supports(llava.entry, llava.task)).toMatch(/not the lfm2_vl family/);
  });
});
