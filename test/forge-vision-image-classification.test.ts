/**
 * The image-classification contract: every family it forges loads in transformers.js 4.3.1 and
 * runs with the shapes its head states; batch equals single; dtypes stay close to fp32;
 * two builds are byte-identical; a real config's dimensions are honoured; bad input is refused.
 */
import { describe, expect, it } from 'vitest';
import { AutoModel, AutoModelForImageClassification, AutoProcessor, env, pipeline, type Tensor } from '@huggingface/transformers';
import { imageClassificationContract as contract } from '../matrix/forge/vision/image-classification-contract.js';
import { encodeModel } from '../matrix/forge/onnx/encode-model.js';
import { isForgeGraph } from '../matrix/forge/contracts/forged-folder.js';
import { IMAGE_FAMILIES } from '../matrix/forge/vision/image-families.js';
import { allEntries, cosine, familyTask, forgeToTemp, maxAbsDiff, readTree, row, syntheticImage, tinyContext } from './forge-media-helpers.js';

env.allowRemoteModels = false;

/** Output tolerances against fp32 (cosine similarity of the logits). */
const MIN_COSINE = { fp16: 0.9999, q8: 0.999, q4: 0.97 } as const;

async function classifyLogits(dir: string, dtype: 'fp32' | 'fp16' | 'q8' | 'q4', images = [syntheticImage(40, 30)]): Promise<Tensor> {
  const processor = await AutoProcessor.from_pretrained(dir);
  const model = await AutoModelForImageClassification.from_pretrained(dir, { dtype, device: 'cpu' });
  const { logits } = await model(await processor(images));
  return logits as Tensor;
}

describe('image-classification contract', () => {
  it('forges every image-classification family of the registry with logits [batch, labels] and a working pipeline', async () => {
    const entries = (await allEntries()).filter((e) => e.tasks.some((t) => t.task === 'image-classification'));
    const forged = entries.filter((e) => IMAGE_FAMILIES[e.family]);
    expect(forged.length).toBeGreaterThanOrEqual(22);
    for (const entry of forged) {
      const task = entry.tasks.find((t) => t.task === 'image-classification')!;
      expect(contract.supports(entry, task), entry.family).toBe(true);
      const dir = forgeToTemp(contract, tinyContext(entry, task), ['fp32']);
      const logits = await classifyLogits(dir, 'fp32');
      expect(logits.dims, entry.family).toEqual([1, 5]);
      const classify = await pipeline('image-classification', dir, { dtype: 'fp32', device: 'cpu' });
      const top = (await classify(syntheticImage(24, 48), { top_k: 3 })) as { label: string; score: number }[];
      expect(top.map((r) => r.label).every((l) => /^LABEL_[0-4]$/.test(l)), entry.family).toBe(true);
      expect(top[0]!.score).toBeGreaterThanOrEqual(top[2]!.score);
    }
  });

  it('forges the bare model for image feature extraction: last_hidden_state and pooler_output', async () => {
    for (const [family, seq] of [['vit', 17], ['dinov2_with_registers', 21], ['swin', 16]] as const) {
      const { entry, task } = await familyTask(family, 'image-feature-extraction');
      const dir = forgeToTemp(contract, tinyContext(entry, task), ['fp32']);
      const model = await AutoModel.from_pretrained(dir, { dtype: 'fp32', device: 'cpu' });
      const out = await model(await (await AutoProcessor.from_pretrained(dir))(syntheticImage(32, 32)));
      expect(out.last_hidden_state.dims, family).toEqual([1, seq, 32]);
      expect(out.pooler_output.dims, family).toEqual([1, 32]);
    }
    const { entry, task } = await familyTask('resnet', 'image-feature-extraction');
    const extract = await pipeline('image-feature-extraction', forgeToTemp(contract, tinyContext(entry, task), ['fp32']), { dtype: 'fp32', device: 'cpu' });
    expect(((await extract(syntheticImage(50, 40))) as Tensor).dims).toEqual([1, 32, 4, 4]);
  });

  it('gives each image of a batch the logits it gets alone', async () => {
    for (const family of ['vit', 'resnet']) {
      const { entry, task } = await familyTask(family, 'image-classification');
      const dir = forgeToTemp(contract, tinyContext(entry, task), ['fp32']);
      const images = [syntheticImage(40, 30, 1), syntheticImage(32, 32, 2), syntheticImage(64, 20, 3)];
      const batch = await classifyLogits(dir, 'fp32', images);
      expect(batch.dims).toEqual([3, 5]);
      for (let i = 0; i < images.length; i++) {
        const single = await classifyLogits(dir, 'fp32', [images[i]!]);
        expect(maxAbsDiff(row(batch, i), single.data as Float32Array), `${family} #${i}`).toBeLessThan(1e-5);
      }
    }
  });

  it('keeps fp16, q8 and q4 logits close to fp32', async () => {
    for (const family of ['vit', 'convnext']) {
      const { entry, task } = await familyTask(family, 'image-classification');
      const dir = forgeToTemp(contract, tinyContext(entry, task));
      const reference = (await classifyLogits(dir, 'fp32')).data as Float32Array;
      for (const dtype of ['fp16', 'q8', 'q4'] as const) {
        const logits = (await classifyLogits(dir, dtype)).data as Float32Array;
        expect(cosine(logits, reference), `${family} ${dtype}`).toBeGreaterThanOrEqual(MIN_COSINE[dtype]);
      }
    }
  });

  it('builds byte-identical folders from the same seed, and different weights from another seed', async () => {
    const { entry, task } = await familyTask('deit', 'image-classification');
    const a = readTree(forgeToTemp(contract, tinyContext(entry, task)));
    const b = readTree(forgeToTemp(contract, tinyContext(entry, task)));
    expect(Object.keys(a).sort()).toEqual(Object.keys(b).sort());
    for (const path of Object.keys(a)) expect(a[path]!.equals(b[path]!), path).toBe(true);
    const other = contract.build(tinyContext(entry, task, { seed: 8 }))['onnx/model.onnx']!;
    const same = contract.build(tinyContext(entry, task))['onnx/model.onnx']!;
    expect(isForgeGraph(other) && isForgeGraph(same)).toBe(true);
    if (isForgeGraph(other) && isForgeGraph(same)) expect(Buffer.from(encodeModel(other)).equals(Buffer.from(encodeModel(same)))).toBe(false);
  });

  it('builds at the dimensions a real ViT config states', async () => {
    const { entry, task } = await familyTask('vit', 'image-classification');
    const realConfig = {
      _name_or_path: 'google/vit-base-patch16-224',
      model_type: 'vit',
      image_size: 48,
      patch_size: 16,
      hidden_size: 48,
      num_hidden_layers: 3,
      num_attention_heads: 6,
      intermediate_size: 96,
      id2label: { 0: 'cat', 1: 'dog', 2: 'bird' },
    };
    const folder = contract.build(tinyContext(entry, task, { realConfig }));
    const graph = folder['onnx/model.onnx']!;
    if (!isForgeGraph(graph)) throw new Error('model.onnx is not a graph');
    expect(graph.inputs[0]!.dims).toEqual(['batch_size', 3, 48, 48]);
    expect(graph.initializers.find((t) => t.name === 'backbone.patch_embed.weight')!.dims).toEqual([48, 3, 16, 16]);
    expect(graph.initializers.filter((t) => /^backbone\.layer\d+\.ln1\.weight$/.test(t.name))).toHaveLength(3);
    const preprocessor = JSON.parse(folder['preprocessor_config.json'] as string);
    expect(preprocessor.size).toEqual({ height: 48, width: 48 });
    const dir = forgeToTemp(contract, tinyContext(entry, task, { realConfig }), ['fp32']);
    const classify = await pipeline('image-classification', dir, { dtype: 'fp32', device: 'cpu' });
    const top = (await classify(syntheticImage(30, 30))) as { label: string }[];
    expect(top.map((r) => r.label).sort()).toEqual(['bird', 'cat', 'dog']);
  });

  it('refuses families without an image backbone and tasks it does not forge, saying why', async () => {
    const bert = (await allEntries()).find((e) => e.family === 'bert')!;
    expect(contract.supports(bert, bert.tasks[0]!)).toMatch(/no image backbone.*bert/);
    const { entry } = await familyTask('vit', 'image-classification');
    expect(contract.supports(entry, { ...entry.tasks[0]!, task: 'depth-estimation' })).toMatch(/depth-estimation/);
  });
});
