/**
 * Janus (multi_modality) any-to-any: the forged six-session model loads with AutoModel and
 * VLChatProcessor, answers an image question with exactly max_new_tokens in every dtype, generates
 * an image of the stated size from text, and builds byte-identically.
 */
import { describe, expect, it } from 'vitest';
import { AutoModel, AutoProcessor, env, RawImage, type Tensor } from '@huggingface/transformers';
import { JANUS, janusAnyToAnyContract as contract } from '../matrix/forge/multimodal/janus-any-to-any-contract.js';
import { ALL_DTYPES, familyTask, forgeToTemp, maxAbsDiff, readTree, syntheticImage, tinyContext } from './forge-media-helpers.js';

env.allowRemoteModels = false;

type Inputs = Record<string, Tensor>;
interface Janus {
  (inputs: Inputs): Promise<{ logits: Tensor }>;
  generate(o: unknown): Promise<Tensor>;
  generate_images(o: unknown): Promise<RawImage[]>;
  dispose(): Promise<unknown>;
}

const question = (image: RawImage) => [
  { role: '<|User|>', content: '<image_placeholder>\nDescribe this image.', images: [image] },
  { role: '<|Assistant|>', content: '' },
];

async function forged(dtypes = ALL_DTYPES) {
  const { entry, task } = await familyTask('multi_modality', 'any-to-any');
  const dir = forgeToTemp(contract, tinyContext(entry, task), dtypes);
  const processor = (await AutoProcessor.from_pretrained(dir)) as unknown as (conversation: unknown, o?: unknown) => Promise<Inputs>;
  return { dir, processor };
}

describe('forged Janus (multi_modality)', () => {
  it('answers an image question with exactly max_new_tokens and draws an image from text, in every dtype', async () => {
    const { dir, processor } = await forged();
    const image = syntheticImage(40, 30);
    const inputs = await processor(question(image), { images: image });
    const imageTokens = (JANUS.imageSize / JANUS.patch) ** 2;
    expect(inputs.images_emb_mask!.dims).toEqual([1, 1, imageTokens]);
    expect(Array.from(inputs.images_seq_mask!.data as Uint8Array).filter(Boolean).length).toBe(imageTokens);
    const textOnly = await processor([{ role: '<|User|>', content: 'a red square' }, { role: '<|Assistant|>', content: '' }]);
    const codes = JANUS.imageGrid ** 2;
    for (const dtype of ALL_DTYPES) {
      const model = (await AutoModel.from_pretrained(dir, { dtype, device: 'cpu' })) as unknown as Janus;
      const out = await model.generate({ ...inputs, max_new_tokens: 4, do_sample: false });
      expect(out.dims, dtype).toEqual([1, inputs.input_ids!.dims[1]! + 4]);
      const images = await model.generate_images({ ...textOnly, min_new_tokens: codes, max_new_tokens: codes, do_sample: true });
      expect(images.map((i) => [i.width, i.height, i.channels]), dtype).toEqual([[JANUS.imageGrid * JANUS.upsample, JANUS.imageGrid * JANUS.upsample, 3]]);
      await model.dispose();
    }
  });

  it('the image reaches the logits, and a conversation whose image count differs from its tags is refused', async () => {
    const { dir, processor } = await forged(['fp32']);
    const model = (await AutoModel.from_pretrained(dir, { dtype: 'fp32', device: 'cpu' })) as unknown as Janus;
    const a = await model(await processor(question(syntheticImage(32, 32, 1)), { images: syntheticImage(32, 32, 1) }));
    const b = await model(await processor(question(syntheticImage(32, 32, 2)), { images: syntheticImage(32, 32, 2) }));
    expect(maxAbsDiff(a.logits.data as Float32Array, b.logits.data as Float32Array)).toBeGreaterThan(1e-4);
    const image = syntheticImage(32, 32);
    await expect(processor(question(image), { images: [image, image] })).rejects.toThrow(/does not match/);
    await model.dispose();
  });

  it('builds byte-identical folders with all six sessions in every dtype, and refuses other families', async () => {
    const { entry, task } = await familyTask('multi_modality', 'any-to-any');
    const a = readTree(forgeToTemp(contract, tinyContext(entry, task)));
    const b = readTree(forgeToTemp(contract, tinyContext(entry, task)));
    expect(Object.keys(a).sort()).toEqual(Object.keys(b).sort());
    for (const session of ['prepare_inputs_embeds', 'language_model', 'lm_head', 'gen_head', 'gen_img_embeds', 'image_decode']) {
      for (const suffix of ['', '_fp16', '_quantized', '_q4']) expect(Object.keys(a)).toContain(`onnx/${session}${suffix}.onnx`);
    }
    for (const path of Object.keys(a)) expect(a[path]!.equals(b[path]!), path).toBe(true);
    const llava = await familyTask('llava', 'image-text-to-text');
    expect(contract.supports(llava.entry, llava.task)).toMatch(/not the multi_modality/);
  });
});
