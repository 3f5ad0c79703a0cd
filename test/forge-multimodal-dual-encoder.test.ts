/**
 * The dual-encoder contract (CLIP, SigLIP, Chinese-CLIP, GroupViT, Jina-CLIP, CLAP): forged
 * folders load in transformers.js 4.3.1; the similarity matrix is [images, texts] and its
 * transpose; the zero-shot pipelines rank the candidate labels; batch equals single; dtypes stay
 * close to fp32; rebuilds are byte-identical; bad input is refused.
 */
import { describe, expect, it } from 'vitest';
import { AutoModel, AutoProcessor, AutoTokenizer, env, pipeline, type Tensor } from '@huggingface/transformers';
import { dualEncoderContract as contract } from '../matrix/forge/multimodal/dual-encoder-contract.js';
import { allEntries, cosine, familyTask, forgeToTemp, maxAbsDiff, readTree, sineWave, syntheticImage, tinyContext } from './forge-media-helpers.js';

env.allowRemoteModels = false;

const MIN_COSINE = { fp16: 0.9999, q8: 0.999, q4: 0.97 } as const;
const LABELS = ['a cat', 'a dog', 'a red car'];

async function similarities(family: string, dtype = 'fp32', images = [syntheticImage(40, 30)], texts = LABELS, dir?: string) {
  const { entry, task } = await familyTask(family, family === 'clap' ? 'zero-shot-audio-classification' : 'zero-shot-image-classification');
  dir ??= forgeToTemp(contract, tinyContext(entry, task), ['fp32']);
  const tokenizer = await AutoTokenizer.from_pretrained(dir);
  const processor = await AutoProcessor.from_pretrained(dir);
  const model = await AutoModel.from_pretrained(dir, { dtype: dtype as 'fp32', device: 'cpu' });
  // Jina-CLIP's processor takes (text, images).
  const media = family === 'clap' ? await processor(sineWave(0.5)) : family === 'jina_clip' ? await (processor as unknown as (t: null, i: unknown) => Promise<object>)(null, images) : await processor(images);
  return (await model({ ...tokenizer(texts, { padding: true, truncation: true }), ...media })) as Record<string, Tensor>;
}

describe('dual-encoder contract', () => {
  it('gives logits_per_image [images, texts], logits_per_text as its transpose, and unit-norm embeddings', async () => {
    for (const family of ['clip', 'siglip', 'chinese_clip', 'groupvit']) {
      const out = await similarities(family, 'fp32', [syntheticImage(40, 30, 1), syntheticImage(30, 40, 2)]);
      expect(out.logits_per_image!.dims, family).toEqual([2, 3]);
      expect(out.logits_per_text!.dims, family).toEqual([3, 2]);
      const perImage = out.logits_per_image!.tolist() as number[][];
      const perText = out.logits_per_text!.tolist() as number[][];
      expect(perText[2]![1]).toBeCloseTo(perImage[1]![2]!, 5);
      const embed = out.image_embeds!.tolist() as number[][];
      expect(Math.hypot(...embed[0]!)).toBeCloseTo(1, 4);
      expect(new Set(perImage[0]!.map((v) => v.toFixed(6))).size, `${family}: labels must score differently`).toBe(3);
    }
    const clap = await similarities('clap');
    expect(clap.logits_per_audio!.dims).toEqual([1, 3]);
    const jina = await similarities('jina_clip');
    expect(jina.l2norm_image_embeddings!.dims).toEqual([1, 16]);
    expect(jina.l2norm_text_embeddings!.dims).toEqual([3, 16]);
  });

  it('ranks candidate labels through the zero-shot pipelines (scores sum to one for softmax families)', async () => {
    for (const family of ['clip', 'chinese_clip', 'groupvit', 'siglip', 'clap']) {
      const audio = family === 'clap';
      const { entry, task } = await familyTask(family, audio ? 'zero-shot-audio-classification' : 'zero-shot-image-classification');
      const dir = forgeToTemp(contract, tinyContext(entry, task), ['fp32']);
      const classify = await pipeline(task.task as 'zero-shot-image-classification', dir, { dtype: 'fp32', device: 'cpu' });
      const ranked = (await (classify as unknown as (x: unknown, l: string[]) => Promise<{ label: string; score: number }[]>)(audio ? sineWave(0.5) : syntheticImage(40, 30), LABELS));
      expect(ranked.map((r) => r.label).sort(), family).toEqual([...LABELS].sort());
      const sum = ranked.reduce((a, r) => a + r.score, 0);
      if (family !== 'siglip') expect(sum, family).toBeCloseTo(1, 5);
    }
  });

  it('forges the vision tower for image feature extraction', async () => {
    for (const family of ['clip', 'siglip']) {
      const { entry, task } = await familyTask(family, 'image-feature-extraction');
      const extract = await pipeline('image-feature-extraction', forgeToTemp(contract, tinyContext(entry, task), ['fp32']), { dtype: 'fp32', device: 'cpu' });
      expect(((await extract(syntheticImage(40, 30))) as Tensor).dims, family).toEqual([1, 17, 32]);
    }
  });

  it('scores each image of a batch as it scores it alone', async () => {
    const images = [syntheticImage(40, 30, 1), syntheticImage(40, 30, 2)];
    const batch = (await similarities('clip', 'fp32', images)).logits_per_image!.tolist() as number[][];
    for (let i = 0; i < 2; i++) {
      const single = (await similarities('clip', 'fp32', [images[i]!])).logits_per_image!.tolist() as number[][];
      expect(maxAbsDiff(batch[i]!, single[0]!)).toBeLessThan(1e-3);
    }
  });

  it('keeps fp16, q8 and q4 similarities close to fp32', async () => {
    const { entry, task } = await familyTask('clip', 'zero-shot-image-classification');
    const dir = forgeToTemp(contract, tinyContext(entry, task));
    const reference = (await similarities('clip', 'fp32', undefined, undefined, dir)).image_embeds!.data as Float32Array;
    for (const dtype of ['fp16', 'q8', 'q4'] as const) {
      const out = (await similarities('clip', dtype, undefined, undefined, dir)).image_embeds!.data as Float32Array;
      expect(cosine(out, reference), dtype).toBeGreaterThanOrEqual(MIN_COSINE[dtype]);
    }
  });

  it('builds byte-identical folders and refuses what it does not forge', async () => {
    const { entry, task } = await familyTask('siglip', 'zero-shot-image-classification');
    const a = readTree(forgeToTemp(contract, tinyContext(entry, task)));
    const b = readTree(forgeToTemp(contract, tinyContext(entry, task)));
    for (const path of Object.keys(a)) expect(a[path]!.equals(b[path]!), path).toBe(true);
    expect(contract.supports(entry, { ...task, task: 'zero-shot-audio-classification' })).toMatch(/not forged for siglip/);
    const vit = (await allEntries()).find((e) => e.family === 'vit')!;
    expect(contract.supports(vit, vit.tasks[0]!)).toMatch(/no dual encoder.*vit/);
  });
});
