/**
 * Real-dimension ViT from a config.json alone: forges facebook/deit-tiny-patch16-224's dimensions
 * (224 px, patch 16, hidden 192, 12 layers, 3 heads, intermediate 768; 3 labels) with random weights
 * through the image-classification contract, counts parameters and nodes, and times the
 * transformers.js image-classification pipeline per dtype (median of N runs after one warm-up).
 * Usage: npx tsx bench/forge-real-vit.ts [runs=7]
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import onnxProto from 'onnx-proto';
import { env, pipeline, RawImage } from '@huggingface/transformers';
import { deriveRegistry } from '../generator/registry.js';
import { TINY } from '../matrix/forge/contracts/contract.js';
import { imageClassificationContract } from '../matrix/forge/vision/image-classification-contract.js';
import { writeForgedFolder } from '../matrix/forge/disk/write-forged-folder.js';
import type { Dtype } from '../matrix/harness/types.js';

env.allowRemoteModels = false;
const runs = Number(process.argv[2] ?? 7);
const realConfig = {
  _name_or_path: 'facebook/deit-tiny-patch16-224',
  model_type: 'vit',
  image_size: 224,
  patch_size: 16,
  hidden_size: 192,
  num_hidden_layers: 12,
  num_attention_heads: 3,
  intermediate_size: 768,
  id2label: { 0: 'tench', 1: 'goldfish', 2: 'great white shark' },
};
const entry = (await deriveRegistry()).find((e) => e.family === 'vit')!;
const task = entry.tasks.find((t) => t.task === 'image-classification')!;
const dtypes: Dtype[] = ['fp32', 'fp16', 'q8', 'q4'];
const dir = mkdtempSync(join(tmpdir(), 'forge-real-vit-'));
const started = performance.now();
writeForgedFolder(dir, imageClassificationContract.build({ entry, task, seed: 1, size: { ...TINY, name: 'real' }, realConfig }), dtypes);
const forgeMs = performance.now() - started;
const model = onnxProto.onnx.ModelProto.decode(readFileSync(join(dir, 'onnx/model.onnx')));
const params = model.graph!.initializer!.reduce((n, t) => n + (t.dims as number[]).reduce((a, b) => a * Number(b), 1), 0);
const image = new RawImage(Uint8ClampedArray.from({ length: 320 * 240 * 3 }, (_, i) => (i * 37) % 256), 320, 240, 3);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
console.log(`forged in ${forgeMs.toFixed(0)} ms (4 dtypes); ${params.toLocaleString('en')} parameters, ${model.graph!.node!.length} nodes`);
console.log(`machine: ${cpus().length}× ${cpus()[0]!.model}, load ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
console.log('| dtype | file MB | median ms / image | top label |');
console.log('| --- | ---: | ---: | --- |');
for (const dtype of dtypes) {
  const file = join(dir, `onnx/model${{ fp32: '', fp16: '_fp16', q8: '_quantized', q4: '_q4' }[dtype]}.onnx`);
  const classify = await pipeline('image-classification', dir, { dtype, device: 'cpu' });
  await classify(image);
  const times: number[] = [];
  let top = '';
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    top = ((await classify(image, { top_k: 1 })) as { label: string }[])[0]!.label;
    times.push(performance.now() - t);
  }
  console.log(`| ${dtype} | ${(readFileSync(file).length / 2 ** 20).toFixed(1)} | ${median(times).toFixed(1)} | ${top} |`);
}
rmSync(dir, { recursive: true, force: true });
