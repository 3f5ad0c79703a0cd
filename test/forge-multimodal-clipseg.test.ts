/**
 * The text-conditioned-segmentation contract (CLIPSeg): text prompts and images in, one logit
 * map per (prompt, image) pair at the input size; different prompts give different maps;
 * dtypes stay close to fp32; rebuilds are identical; other families are refused.
 */
import { describe, expect, it } from 'vitest';
import { AutoModel, AutoProcessor, AutoTokenizer, env, type Tensor } from '@huggingface/transformers';
import { textConditionedSegmentationContract as contract } from '../matrix/forge/multimodal/text-conditioned-segmentation-contract.js';
import { cosine, familyTask, forgeToTemp, readTree, row, syntheticImage, tinyContext } from './forge-media-helpers.js';

env.allowRemoteModels = false;

async function segment(dir: string, dtype: string, prompts: string[]): Promise<Tensor> {
  const tokenizer = await AutoTokenizer.from_pretrained(dir);
  const processor = await AutoProcessor.from_pretrained(dir);
  const model = await AutoModel.from_pretrained(dir, { dtype: dtype as 'fp32', device: 'cpu' });
  const images = prompts.map(() => syntheticImage(40, 30));
  return ((await model({ ...tokenizer(prompts, { padding: true }), ...(await processor(images)) })) as { logits: Tensor }).logits;
}

describe('text-conditioned-segmentation contract', () => {
  it('gives one logit map per prompt, different for different prompts', async () => {
    const { entry, task } = await familyTask('clipseg', 'image-segmentation');
    const logits = await segment(forgeToTemp(contract, tinyContext(entry, task), ['fp32']), 'fp32', ['a cat', 'the sky']);
    expect(logits.dims).toEqual([2, 32, 32]);
    expect(cosine(row(logits, 0), row(logits, 1))).toBeLessThan(0.99999);
  });

  it('keeps fp16, q8 and q4 close to fp32, rebuilds identically, and refuses other families', async () => {
    const { entry, task } = await familyTask('clipseg', 'image-segmentation');
    const dir = forgeToTemp(contract, tinyContext(entry, task));
    const reference = (await segment(dir, 'fp32', ['a cat'])).data as Float32Array;
    const minCosine = { fp16: 0.9999, q8: 0.999, q4: 0.97 } as const;
    for (const dtype of ['fp16', 'q8', 'q4'] as const) expect(cosine((await segment(dir, dtype, ['a cat'])).data as Float32Array, reference), dtype).toBeGreaterThanOrEqual(minCosine[dtype]);
    const again = readTree(forgeToTemp(contract, tinyContext(entry, task)));
    const first = readTree(dir);
    for (const path of Object.keys(first)) expect(first[path]!.equals(again[path]!), path).toBe(true);
    const clip = await familyTask('clip', 'zero-shot-image-classification');
    expect(contract.supports(clip.entry, clip.task)).toMatch(/clip"/);
  });
});
