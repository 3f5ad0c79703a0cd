/**
 * The vision-dense contract (depth, detection, segmentation, background removal, MaskFormer,
 * super-resolution, pose, matting, bare backbones): every (family, task) it forges loads in
 * transformers.js 4.3.1 and its pipeline runs where transformers.js has one; batch equals
 * single; dtypes stay close to fp32; rebuilds are byte-identical; bad input is refused.
 */
import { describe, expect, it } from 'vitest';
import * as transformers from '@huggingface/transformers';
import { AutoProcessor, env, pipeline, type RawImage, type Tensor } from '@huggingface/transformers';
import { visionDenseContract as contract, DENSE_LABELS, DENSE_QUERIES, KEYPOINTS } from '../matrix/forge/vision/vision-dense-contract.js';
import { allEntries, cosine, familyTask, forgeToTemp, maxAbsDiff, readTree, row, syntheticImage, tinyContext } from './forge-media-helpers.js';

env.allowRemoteModels = false;

/** Output tolerances against fp32 (cosine similarity of the main output). */
const MIN_COSINE = { fp16: 0.9999, q8: 0.999, q4: 0.97 } as const;

type Loader = { from_pretrained(dir: string, o: object): Promise<(inputs: object) => Promise<Record<string, Tensor>>> };
const autoClass = (name: string) => (transformers as unknown as Record<string, Loader>)[name]!;

/** Output name → expected dims for a 40×30 image (processors resize to 32×32; ViTMatte pads to 64×32, Swin2SR to 40×32). */
const EXPECTED: Record<string, Record<string, number[]>> = {
  'depth-estimation': { predicted_depth: [1, 32, 32] },
  'normal-estimation': { predicted_normal: [1, 3, 32, 32] },
  'object-detection': { logits: [1, DENSE_QUERIES, DENSE_LABELS + 1], pred_boxes: [1, DENSE_QUERIES, 4] },
  'keypoint-detection': { heatmaps: [1, KEYPOINTS, 4, 4] },
  'image-matting': { alphas: [1, 1, 32, 64] },
  'image-to-image': { reconstruction: [1, 3, 64, 80] },
};
const PIPELINES = new Set(['depth-estimation', 'object-detection', 'image-segmentation', 'image-to-image', 'image-feature-extraction']);

async function run(dir: string, autoClassName: string, dtype: string, images: RawImage[], trimap = false): Promise<Record<string, Tensor>> {
  const processor = await AutoProcessor.from_pretrained(dir);
  const inputs = trimap ? await (processor as unknown as (i: RawImage[], t: RawImage[]) => Promise<object>)(images, images.map((_, i) => syntheticImage(40, 30, 9 + i))) : await processor(images);
  const model = await autoClass(autoClassName).from_pretrained(dir, { dtype, device: 'cpu' });
  return model(inputs);
}

describe('vision-dense contract', () => {
  it('forges every (family, task) it supports with the outputs its head states, and runs the pipeline', async () => {
    let cells = 0;
    const families = new Set<string>();
    for (const entry of await allEntries()) {
      for (const task of entry.tasks.filter((t) => contract.supports(entry, t) === true)) {
        const dir = forgeToTemp(contract, tinyContext(entry, task), ['fp32']);
        const out = await run(dir, task.autoClass, 'fp32', [syntheticImage(40, 30)], entry.family === 'vitmatte');
        for (const [name, dims] of Object.entries(EXPECTED[task.task] ?? {})) expect(out[name]?.dims, `${entry.family} ${task.task} ${name}`).toEqual(dims);
        if (task.task === 'image-segmentation') expect(Object.values(out).length, entry.family).toBeGreaterThanOrEqual(1);
        if (task.modelClass === 'DetrForSegmentation') expect(out.pred_masks?.dims.slice(0, 2), 'DETR panoptic masks').toEqual([1, DENSE_QUERIES]);
        if (PIPELINES.has(task.task)) {
          const pipe = await pipeline(task.task as 'depth-estimation', dir, { dtype: 'fp32', device: 'cpu' });
          expect(await pipe(syntheticImage(40, 30)), `${entry.family} ${task.task} pipeline`).toBeTruthy();
        }
        families.add(entry.family);
        cells++;
      }
    }
    expect(families.size).toBeGreaterThanOrEqual(29);
    expect(cells).toBeGreaterThanOrEqual(43);
  });

  it('turns detector outputs into boxes inside the image, and depth into a map of the image size', async () => {
    const detr = await familyTask('detr', 'object-detection');
    const detect = await pipeline('object-detection', forgeToTemp(contract, tinyContext(detr.entry, detr.task), ['fp32']), { dtype: 'fp32', device: 'cpu' });
    const boxes = (await detect(syntheticImage(40, 30), { threshold: 0 })) as { label: string; box: { xmin: number; xmax: number; ymax: number } }[];
    expect(boxes.length).toBeGreaterThan(0);
    for (const b of boxes) {
      expect(b.label).toMatch(/^LABEL_[0-3]$/);
      expect(b.box.xmin).toBeGreaterThanOrEqual(0);
      expect(b.box.xmax).toBeLessThanOrEqual(40);
    }
    const dpt = await familyTask('dpt', 'depth-estimation');
    const estimate = await pipeline('depth-estimation', forgeToTemp(contract, tinyContext(dpt.entry, dpt.task), ['fp32']), { dtype: 'fp32', device: 'cpu' });
    const { depth } = (await estimate(syntheticImage(40, 30))) as { depth: RawImage };
    expect([depth.width, depth.height]).toEqual([40, 30]);
  });

  it('gives each image of a batch the outputs it gets alone', async () => {
    for (const [family, taskName, output] of [['dpt', 'depth-estimation', 'predicted_depth'], ['detr', 'object-detection', 'pred_boxes'], ['segformer', 'image-segmentation', 'logits']] as const) {
      const { entry, task } = await familyTask(family, taskName);
      const dir = forgeToTemp(contract, tinyContext(entry, task), ['fp32']);
      const images = [syntheticImage(40, 30, 1), syntheticImage(40, 30, 2)];
      const batch = (await run(dir, task.autoClass, 'fp32', images))[output]!;
      for (let i = 0; i < images.length; i++) {
        const single = (await run(dir, task.autoClass, 'fp32', [images[i]!]))[output]!;
        expect(maxAbsDiff(row(batch, i), single.data as Float32Array), `${family} #${i}`).toBeLessThan(1e-4);
      }
    }
  });

  it('keeps fp16, q8 and q4 outputs close to fp32', async () => {
    for (const [family, taskName, output] of [['dpt', 'depth-estimation', 'predicted_depth'], ['detr', 'object-detection', 'logits']] as const) {
      const { entry, task } = await familyTask(family, taskName);
      const dir = forgeToTemp(contract, tinyContext(entry, task));
      const images = [syntheticImage(40, 30)];
      const reference = (await run(dir, task.autoClass, 'fp32', images))[output]!.data as Float32Array;
      for (const dtype of ['fp16', 'q8', 'q4'] as const) {
        const out = (await run(dir, task.autoClass, dtype, images))[output]!.data as Float32Array;
        expect(cosine(out, reference), `${family} ${dtype}`).toBeGreaterThanOrEqual(MIN_COSINE[dtype]);
      }
    }
  });

  it('builds byte-identical folders from the same seed', async () => {
    const { entry, task } = await familyTask('maskformer', 'image-segmentation');
    const a = readTree(forgeToTemp(contract, tinyContext(entry, task)));
    const b = readTree(forgeToTemp(contract, tinyContext(entry, task)));
    expect(Object.keys(a).length).toBe(6);
    for (const path of Object.keys(a)) expect(a[path]!.equals(b[path]!), path).toBe(true);
  });

  it('refuses families without a dense head and tasks it does not forge, saying why', async () => {
    const vit = await familyTask('vit', 'image-classification');
    expect(contract.supports(vit.entry, vit.task)).toMatch(/no dense vision head.*vit/);
    const dpt = await familyTask('dpt', 'depth-estimation');
    expect(contract.supports(dpt.entry, { ...dpt.task, task: 'object-detection' })).toMatch(/object-detection.*forged: depth-estimation/);
  });
});
