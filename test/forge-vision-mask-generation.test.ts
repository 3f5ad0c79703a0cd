/**
 * The mask-generation contract (SAM, SAM2, EdgeTAM, SAM3 tracker): vision encoder + prompt
 * decoder load as SamModel / Sam2Model; point prompts give 3 masks with IoU scores that
 * post-process to the original image size; SAM2 also takes box prompts; dtypes stay close to
 * fp32; rebuilds are byte-identical; other families are refused.
 */
import { describe, expect, it } from 'vitest';
import { AutoModel, AutoProcessor, env, type Tensor } from '@huggingface/transformers';
import { maskGenerationContract as contract } from '../matrix/forge/vision/mask-generation-contract.js';
import { cosine, familyTask, forgeToTemp, readTree, syntheticImage, tinyContext } from './forge-media-helpers.js';

env.allowRemoteModels = false;

type SamProcessor = ((image: unknown, prompts: object) => Promise<Record<string, Tensor | number[][]>>) & {
  post_process_masks(masks: Tensor, original: unknown, reshaped: unknown): Promise<Tensor[]>;
};

async function segment(dir: string, dtype: string, prompts: object) {
  const processor = (await AutoProcessor.from_pretrained(dir)) as unknown as SamProcessor;
  const model = await AutoModel.from_pretrained(dir, { dtype: dtype as 'fp32', device: 'cpu' });
  const inputs = await processor(syntheticImage(40, 30), prompts);
  return { processor, inputs, out: (await model(inputs)) as Record<string, Tensor> };
}

describe('mask-generation contract', () => {
  it('predicts 3 masks per point prompt with IoU scores, post-processed to the image size', async () => {
    for (const family of ['sam', 'sam2', 'edgetam', 'sam3_tracker']) {
      const { entry, task } = await familyTask(family, 'mask-generation');
      const dir = forgeToTemp(contract, tinyContext(entry, task), ['fp32']);
      const { processor, inputs, out } = await segment(dir, 'fp32', { input_points: [[[20, 15], [5, 5]]] });
      expect(out.iou_scores!.dims, family).toEqual([1, 1, 3]);
      expect(out.pred_masks!.dims, family).toEqual([1, 1, 3, 16, 16]);
      if (family !== 'sam') expect(out.object_score_logits!.dims).toEqual([1, 1, 1]);
      const masks = await processor.post_process_masks(out.pred_masks!, inputs.original_sizes, inputs.reshaped_input_sizes);
      expect(masks[0]!.dims, family).toEqual([1, 3, 30, 40]);
    }
  });

  it('answers a different point with a different mask, and SAM2 takes box prompts', async () => {
    const { entry, task } = await familyTask('sam2', 'mask-generation');
    const dir = forgeToTemp(contract, tinyContext(entry, task), ['fp32']);
    const a = (await segment(dir, 'fp32', { input_points: [[[2, 2]]] })).out.pred_masks!.data as Float32Array;
    const b = (await segment(dir, 'fp32', { input_points: [[[38, 28]]] })).out.pred_masks!.data as Float32Array;
    expect(cosine(a, b)).toBeLessThan(0.9999);
    const boxed = await segment(dir, 'fp32', { input_boxes: [[[5, 5, 30, 25]]] });
    expect(boxed.out.pred_masks!.dims).toEqual([1, 1, 3, 16, 16]);
  });

  it('keeps fp16, q8 and q4 masks close to fp32, and rebuilds byte-identically', async () => {
    const { entry, task } = await familyTask('sam', 'mask-generation');
    const dir = forgeToTemp(contract, tinyContext(entry, task));
    const prompts = { input_points: [[[20, 15]]] };
    const reference = (await segment(dir, 'fp32', prompts)).out.pred_masks!.data as Float32Array;
    const minCosine = { fp16: 0.9999, q8: 0.999, q4: 0.97 } as const;
    for (const dtype of ['fp16', 'q8', 'q4'] as const) {
      expect(cosine((await segment(dir, dtype, prompts)).out.pred_masks!.data as Float32Array, reference), dtype).toBeGreaterThanOrEqual(minCosine[dtype]);
    }
    const again = readTree(forgeToTemp(contract, tinyContext(entry, task)));
    const first = readTree(dir);
    expect(Object.keys(first)).toHaveLength(10);
    for (const path of Object.keys(first)) expect(first[path]!.equals(again[path]!), path).toBe(true);
  });

  it('refuses other families and tasks, saying why', async () => {
    const vit = await familyTask('vit', 'image-classification');
    expect(contract.supports(vit.entry, vit.task)).toMatch(/no Segment Anything.*vit/);
    const sam = await familyTask('sam', 'mask-generation');
    expect(contract.supports(sam.entry, { ...sam.task, task: 'image-segmentation' })).toMatch(/image-segmentation/);
  });
});
