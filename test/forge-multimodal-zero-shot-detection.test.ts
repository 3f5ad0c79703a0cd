/**
 * The zero-shot-detection contract (OWL-ViT, OWLv2, Grounding DINO): the forged model scores every patch box
 * against every text query; the pipeline returns labelled boxes; dtypes stay close to fp32;
 * rebuilds are byte-identical; other families are refused with a reason.
 */
import { describe, expect, it } from 'vitest';
import { AutoModelForZeroShotObjectDetection, AutoProcessor, AutoTokenizer, env, pipeline, type Tensor } from '@huggingface/transformers';
import { zeroShotDetectionContract as contract } from '../matrix/forge/multimodal/zero-shot-detection-contract.js';
import { cosine, familyTask, forgeToTemp, readTree, syntheticImage, tinyContext } from './forge-media-helpers.js';

env.allowRemoteModels = false;

async function detect(dir: string, dtype: string, texts: string[]): Promise<Record<string, Tensor>> {
  const model = await AutoModelForZeroShotObjectDetection.from_pretrained(dir, { dtype: dtype as 'fp32', device: 'cpu' });
  const text = (await AutoTokenizer.from_pretrained(dir))(texts, { padding: true, truncation: true });
  return (await model({ ...text, ...(await (await AutoProcessor.from_pretrained(dir))(syntheticImage(40, 30))) })) as Record<string, Tensor>;
}

describe('zero-shot-detection contract', () => {
  it('scores 16 patch boxes against each text query and the pipeline labels boxes with the queries', async () => {
    for (const family of ['owlvit', 'owlv2']) {
      const { entry, task } = await familyTask(family, 'zero-shot-object-detection');
      const dir = forgeToTemp(contract, tinyContext(entry, task), ['fp32']);
      const out = await detect(dir, 'fp32', ['a cat', 'a dog', 'a car']);
      expect(out.logits!.dims, family).toEqual([1, 16, 3]);
      expect(out.pred_boxes!.dims, family).toEqual([1, 16, 4]);
      const boxes = out.pred_boxes!.data as Float32Array;
      expect(Math.min(...boxes)).toBeGreaterThanOrEqual(0);
      expect(Math.max(...boxes)).toBeLessThanOrEqual(1);
      const find = await pipeline('zero-shot-object-detection', dir, { dtype: 'fp32', device: 'cpu' });
      const found = (await find(syntheticImage(40, 30), ['cat', 'dog'], { threshold: 0, top_k: 4 })) as { label: string; score: number }[];
      expect(found).toHaveLength(4);
      expect(found.every((f) => ['cat', 'dog'].includes(f.label)), family).toBe(true);
      expect(found[0]!.score).toBeGreaterThanOrEqual(found[3]!.score);
    }
  });

  it('decodes Grounding DINO queries against every text token, with pixel_mask, through the pipeline in every dtype', async () => {
    const { entry, task } = await familyTask('grounding-dino', 'zero-shot-object-detection');
    const dir = forgeToTemp(contract, tinyContext(entry, task));
    const processor = (await AutoProcessor.from_pretrained(dir)) as unknown as (i: unknown, t: string) => Promise<Record<string, Tensor>>;
    const inputs = await processor(syntheticImage(40, 30), 'a cat. a dog.');
    expect(inputs.pixel_mask!.dims).toEqual([1, 32, 32]);
    const model = await AutoModelForZeroShotObjectDetection.from_pretrained(dir, { dtype: 'fp32', device: 'cpu' });
    const out = (await model(inputs)) as Record<string, Tensor>;
    expect(out.logits!.dims).toEqual([1, 10, inputs.input_ids!.dims[1]]);
    expect(out.pred_boxes!.dims).toEqual([1, 10, 4]);
    for (const dtype of ['fp32', 'fp16', 'q8', 'q4'] as const) {
      const find = await pipeline('zero-shot-object-detection', dir, { dtype, device: 'cpu' });
      const found = (await find(syntheticImage(40, 30), ['a cat', 'a dog'], { threshold: 0.01 })) as { label: string; box: { xmax: number } }[];
      expect(found.length, dtype).toBeGreaterThan(0);
      expect(found.every((f) => f.box.xmax <= 40), dtype).toBe(true);
    }
  });

  it('keeps fp16, q8 and q4 logits close to fp32, and rebuilds byte-identically', async () => {
    const { entry, task } = await familyTask('owlvit', 'zero-shot-object-detection');
    const dir = forgeToTemp(contract, tinyContext(entry, task));
    const reference = (await detect(dir, 'fp32', ['a cat', 'a dog'])).logits!.data as Float32Array;
    const minCosine = { fp16: 0.9999, q8: 0.999, q4: 0.97 } as const;
    for (const dtype of ['fp16', 'q8', 'q4'] as const) {
      expect(cosine((await detect(dir, dtype, ['a cat', 'a dog'])).logits!.data as Float32Array, reference), dtype).toBeGreaterThanOrEqual(minCosine[dtype]);
    }
    const again = readTree(forgeToTemp(contract, tinyContext(entry, task)));
    const first = readTree(dir);
    for (const path of Object.keys(first)) expect(first[path]!.equals(again[path]!), path).toBe(true);
  });

  it('refuses other families and tasks, saying why', async () => {
    const clip = await familyTask('clip', 'zero-shot-image-classification');
    expect(contract.supports(clip.entry, clip.task)).toMatch(/no zero-shot detector.*clip/);
    const owl = await familyTask('owlvit', 'zero-shot-object-detection');
    expect(contract.supports(owl.entry, { ...owl.task, task: 'feature-extraction' })).toMatch(/feature-extraction/);
  });
});
