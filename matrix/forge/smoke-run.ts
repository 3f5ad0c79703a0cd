/**
 * A quick real run of one forged model through transformers.js on cpu/fp32: the task's pipeline
 * (which loads the Auto class, tokenizer / processor, runs the graph and post-processes) on the
 * family's sample input. Used by `matrix forge --coverage`; the generated tests are the full check.
 */
import type { FamilyTask } from '../../generator/types.js';
import { SmokeRunError } from './errors.js';

/** Runs the task pipeline once; throws SmokeRunError when anything fails. */
export async function smokeRun(family: string, task: FamilyTask, dir: string): Promise<void> {
  const transformers = await import('@huggingface/transformers');
  transformers.env.allowRemoteModels = false;
  transformers.env.allowLocalModels = true;
  try {
    let pipe: (...args: unknown[]) => Promise<unknown>;
    try {
      pipe = (await transformers.pipeline(task.task as never, dir, { dtype: 'fp32', device: 'cpu', local_files_only: true } as never)) as never;
    } catch (error) {
      // Tasks without a pipeline (or a pipeline that refuses the family): run the model directly.
      if (!/Unsupported pipeline|does not support model type/.test(String(error))) throw error;
      await modelRun(transformers, task, dir);
      return;
    }
    const sample = task.sample;
    const text = sample.texts?.[0] ?? 'hello world';
    const maskToken = (pipe as unknown as { tokenizer?: { mask_token?: string } }).tokenizer?.mask_token ?? '[MASK]';
    const args: unknown[] = [];
    if (sample.imageSize) {
      const [w, h] = sample.imageSize;
      args.push(new transformers.RawImage(new Uint8ClampedArray(w * h * 3).map((_, i) => (i * 37) % 256), w, h, 3));
      if (sample.texts) args.push(text);
      if (sample.candidateLabels) args.push(sample.candidateLabels);
    } else if (sample.audioSeconds) {
      args.push(Float32Array.from({ length: Math.round(16000 * sample.audioSeconds) }, (_, i) => Math.sin(i / 10) * 0.1));
      if (sample.candidateLabels) args.push(sample.candidateLabels);
    } else if (task.task === 'question-answering') {
      args.push(text, sample.textPairs?.[0] ?? 'the cat sat on the mat');
    } else {
      args.push(text.replace('[MASK]', maskToken));
      if (sample.candidateLabels) args.push(sample.candidateLabels);
    }
    if (sample.maxNewTokens) args.push({ max_new_tokens: 2, do_sample: false });
    await pipe(...args);
    await (pipe as unknown as { dispose?: () => Promise<void> }).dispose?.();
  } catch (error) {
    throw new SmokeRunError(family, task.task, error);
  }
}

/** For tasks without a pipeline: the Auto class + AutoProcessor (audio / image) or AutoTokenizer (text), one forward. */
async function modelRun(transformers: typeof import('@huggingface/transformers'), task: FamilyTask, dir: string): Promise<void> {
  const options = { dtype: 'fp32', device: 'cpu', local_files_only: true } as const;
  const autoClass = (transformers as unknown as Record<string, { from_pretrained(dir: string, o: unknown): Promise<(inputs: unknown) => Promise<unknown>> }>)[task.autoClass];
  if (!autoClass) throw new Error(`transformers.js has no ${task.autoClass}`);
  const model = await autoClass.from_pretrained(dir, options);
  const sample = task.sample;
  let inputs: unknown;
  if (sample.audioSeconds) {
    const processor = await transformers.AutoProcessor.from_pretrained(dir, options);
    inputs = await processor(Float32Array.from({ length: Math.round(16000 * sample.audioSeconds) }, (_, i) => Math.sin(i / 10) * 0.1));
  } else if (sample.imageSize) {
    const [w, h] = sample.imageSize;
    const processor = await transformers.AutoProcessor.from_pretrained(dir, options);
    inputs = await processor(new transformers.RawImage(new Uint8ClampedArray(w * h * 3).fill(128), w, h, 3));
  } else {
    const tokenizer = await transformers.AutoTokenizer.from_pretrained(dir, options);
    inputs = tokenizer(sample.texts?.[0] ?? 'hello world');
  }
  await model(inputs);
}
