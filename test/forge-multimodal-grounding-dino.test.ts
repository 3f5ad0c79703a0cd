/**
 * Grounding DINO: the forged detector runs through the zero-shot-object-detection pipeline with a
 * joined prompt in every dtype (well-formed boxes, scores above the threshold),
 * its raw outputs have the stated shapes, a label list is refused as the real model refuses it, and
 * two builds are byte-identical.
 */
import { describe, expect, it } from 'vitest';
import { AutoModelForZeroShotObjectDetection, AutoProcessor, env, pipeline, type Tensor } from '@huggingface/transformers';
import { GROUNDING_DINO, groundingDinoContract as contract } from '../matrix/forge/multimodal/grounding-dino-contract.js';
import { ALL_DTYPES, familyTask, forgeToTemp, readTree, syntheticImage, tinyContext } from './forge-media-helpers.js';

env.allowRemoteModels = false;

type Detection = { score: number; label: string; box: { xmin: number; ymin: number; xmax: number; ymax: number } };
type Pipe = (image: unknown, labels: string[], o?: unknown) => Promise<Detection[]>;

describe('forged Grounding DINO', () => {
  it('detects with a joined prompt in every dtype: well-formed boxes, scores above the threshold', async () => {
    const { entry, task } = await familyTask('grounding-dino', 'zero-shot-object-detection');
    const dir = forgeToTemp(contract, tinyContext(entry, task));
    for (const dtype of ALL_DTYPES) {
      const pipe = (await pipeline('zero-shot-object-detection', dir, { dtype } as never)) as unknown as Pipe;
      const found = await pipe(syntheticImage(64, 48), ['a photo of a cat. a photo of a dog.'], { threshold: 0.3 });
      expect(found.length, dtype).toBeLessThanOrEqual(GROUNDING_DINO.queries);
      for (const d of found) {
        expect(d.score, dtype).toBeGreaterThan(0.3);
        // corners of sigmoid (cx, cy, w, h) boxes scaled to the image; transformers.js does not clip them
        expect(d.box.xmin, dtype).toBeLessThan(d.box.xmax);
        expect(d.box.ymin, dtype).toBeLessThan(d.box.ymax);
        expect(d.box.xmax - d.box.xmin, dtype).toBeLessThanOrEqual(64);
      }
    }
  });

  it('raw outputs: logits [1, queries, tokens] with padding masked, pred_boxes [1, queries, 4] in (0,1)', async () => {
    const { entry, task } = await familyTask('grounding-dino', 'zero-shot-object-detection');
    const dir = forgeToTemp(contract, tinyContext(entry, task), ['fp32']);
    const processor = (await AutoProcessor.from_pretrained(dir)) as unknown as (i: unknown, t: string) => Promise<Record<string, Tensor>>;
    const model = await AutoModelForZeroShotObjectDetection.from_pretrained(dir, { dtype: 'fp32', device: 'cpu' });
    const inputs = await processor(syntheticImage(40, 30), 'a cat. a dog.');
    const out = (await model(inputs)) as { logits: Tensor; pred_boxes: Tensor };
    expect(out.logits.dims).toEqual([1, GROUNDING_DINO.queries, inputs.input_ids!.dims[1]]);
    expect(out.pred_boxes.dims).toEqual([1, GROUNDING_DINO.queries, 4]);
    expect(Array.from(out.pred_boxes.data as Float32Array).every((v) => v > 0 && v < 1)).toBe(true);
    await model.dispose();
  });

  it('a list of labels (text batch 2, image batch 1) is refused, as by the real model', async () => {
    const { entry, task } = await familyTask('grounding-dino', 'zero-shot-object-detection');
    const dir = forgeToTemp(contract, tinyContext(entry, task), ['fp32']);
    const pipe = (await pipeline('zero-shot-object-detection', dir, { dtype: 'fp32' } as never)) as unknown as Pipe;
    await expect(pipe(syntheticImage(64, 48), ['a photo of a cat', 'a photo of a dog'])).rejects.toThrow();
  });

  it('builds byte-identical folders and refuses other families', async () => {
    const { entry, task } = await familyTask('grounding-dino', 'zero-shot-object-detection');
    const a = readTree(forgeToTemp(contract, tinyContext(entry, task)));
    const b = readTree(forgeToTemp(contract, tinyContext(entry, task)));
    for (const path of Object.keys(a)) expect(a[path]!.equals(b[path]!), path).toBe(true);
    const owl = await familyTask('owlvit', 'zero-shot-object-detection');
    expect(contract.supports(owl.entry, owl.task)).toMatch(/not the grounding-dino family/);
  });
});
