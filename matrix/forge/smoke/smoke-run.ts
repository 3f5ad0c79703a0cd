/**
 * A quick real run of one forged model through transformers.js on cpu/fp32: the task's pipeline
 * (which loads the Auto class, tokenizer / processor, runs the graph and post-processes) on the
 * family's sample input. Used by `matrix forge --coverage`; the generated tests are the full check.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { FamilyTask } from '../../../generator/types.js';
import { SmokeRunError } from '../errors.js';
import { SMOKE_DRIVERS } from './smoke-drivers.js';

/**
 * Runs the task pipeline once; throws SmokeRunError when anything fails. `contract` (the forge
 * contract that built the folder) selects a dedicated driver where the contract has one.
 */
export async function smokeRun(family: string, task: FamilyTask, dir: string, contract?: string): Promise<void> {
  const transformers = await import('@huggingface/transformers');
  transformers.env.allowRemoteModels = false;
  transformers.env.allowLocalModels = true;
  const driver = contract ? SMOKE_DRIVERS[`${contract}/${task.task}`] : undefined;
  try {
    if (driver) {
      await driver(transformers, dir);
      return;
    }
    try {
      await pipelineRun(transformers, task, dir);
    } catch (error) {
      // Tasks without a pipeline, or a pipeline that refuses the family or needs a tokenizer the model has not: run the model directly.
      if (!PIPELINE_MISMATCH.test(String(error))) throw error;
      await modelRun(transformers, task, dir);
    }
  } catch (error) {
    throw new SmokeRunError(family, task.task, error);
  }
}

/** Errors that mean "this pipeline does not fit this model", not "the model is broken". */
const PIPELINE_MISMATCH = /Unsupported pipeline|does not support model type|Unsupported model type|tokenizer is not a function|reading 'tokenizer_class'/;

async function pipelineRun(transformers: typeof import('@huggingface/transformers'), task: FamilyTask, dir: string): Promise<void> {
  const pipe = (await transformers.pipeline(task.task as never, dir, { dtype: 'fp32', device: 'cpu', local_files_only: true } as never)) as unknown as (
    ...args: unknown[]
  ) => Promise<unknown>;
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
}

/**
 * For tasks without a pipeline: the Auto class, with inputs from AutoProcessor (audio / image, with a
 * chat-templated prompt when the task also takes text), AutoTokenizer (text), or, for models that take
 * neither, deterministic tensors shaped from the session's input metadata (symbolic dims = 2).
 */
async function modelRun(transformers: typeof import('@huggingface/transformers'), task: FamilyTask, dir: string): Promise<void> {
  const options = { dtype: 'fp32', device: 'cpu', local_files_only: true } as const;
  type Model = ((inputs: unknown) => Promise<unknown>) & { generate?: (o: unknown) => Promise<unknown>; sessions: Record<string, { inputMetadata: ReadonlyArray<{ name: string; type: string; shape: ReadonlyArray<number | string> }> }> };
  const autoClass = (transformers as unknown as Record<string, { from_pretrained(dir: string, o: unknown): Promise<Model> }>)[task.autoClass];
  if (!autoClass) throw new Error(`transformers.js has no ${task.autoClass}`);
  const model = await autoClass.from_pretrained(dir, options);
  const sample = task.sample;
  const has = (file: string) => existsSync(join(dir, file));
  let inputs: Record<string, unknown>;
  if ((sample.audioSeconds || sample.imageSize) && has('preprocessor_config.json')) {
    const processor = await transformers.AutoProcessor.from_pretrained(dir, options);
    const media = sample.audioSeconds
      ? Float32Array.from({ length: Math.round(16000 * sample.audioSeconds) }, (_, i) => Math.sin(i / 10) * 0.1)
      : new transformers.RawImage(new Uint8ClampedArray(sample.imageSize![0] * sample.imageSize![1] * 3).fill(128), sample.imageSize![0], sample.imageSize![1], 3);
    if (sample.texts) inputs = await mediaWithText(processor, media, sample.texts[0]!, sample.imageSize ? 'image' : 'audio');
    else if (task.task === 'mask-generation') inputs = await processor(media, { input_points: [[[sample.imageSize![0] / 2, sample.imageSize![1] / 2]]] });
    else inputs = await processor(media);
  } else if (sample.texts && has('tokenizer_config.json')) {
    const tokenizer = await transformers.AutoTokenizer.from_pretrained(dir, options);
    inputs = tokenizer(sample.texts[0]!) as Record<string, unknown>;
  } else {
    inputs = metadataInputs(transformers, Object.values(model.sessions)[0]!.inputMetadata);
  }
  if (sample.maxNewTokens && model.generate) {
    try {
      await model.generate({ ...inputs, max_new_tokens: 2, do_sample: false });
      return;
    } catch (error) {
      // CTC / recognition heads transformers.js cannot generate with: one forward instead.
      if (!/not compatible with `\.generate\(\)`/.test(String(error))) throw error;
    }
  }
  await model(inputs);
}

/** Processor call for media + text: a chat-templated prompt, in whichever argument order the processor takes. */
async function mediaWithText(processor: any, media: unknown, text: string, kind: 'image' | 'audio'): Promise<Record<string, unknown>> {
  const messages = [{ role: 'user', content: [{ type: kind }, { type: 'text', text }] }];
  let prompt = text;
  try {
    prompt = processor.apply_chat_template(messages, { add_generation_prompt: true }) as string;
  } catch {
    // no chat template: the plain text
  }
  try {
    const out = await processor(media, prompt);
    if (out?.input_ids) return out;
  } catch {
    // other argument order below
  }
  return processor(prompt, media);
}

/** Deterministic inputs from session metadata: int64 ones, float sines, bool true; symbolic dims become 2. */
function metadataInputs(
  transformers: typeof import('@huggingface/transformers'),
  metadata: ReadonlyArray<{ name: string; type: string; shape: ReadonlyArray<number | string> }>,
): Record<string, unknown> {
  const inputs: Record<string, unknown> = {};
  for (const meta of metadata) {
    const dims = meta.shape.map((d) => (typeof d === 'number' ? d : 2));
    const size = dims.reduce((a, b) => a * b, 1);
    if (meta.type === 'int64') inputs[meta.name] = new transformers.Tensor('int64', new BigInt64Array(size).fill(1n), dims);
    else if (meta.type === 'bool') inputs[meta.name] = new transformers.Tensor('bool', new Uint8Array(size).fill(1), dims);
    else inputs[meta.name] = new transformers.Tensor('float32', Float32Array.from({ length: size }, (_, i) => Math.sin(i) * 0.5), dims);
  }
  return inputs;
}
