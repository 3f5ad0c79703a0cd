/**
 * The vision-seq2seq contract (vision-encoder-decoder): encoder + merged KV-cache decoder load
 * as VisionEncoderDecoderModel; image-to-text runs in every dtype; generation gives exactly
 * max_new_tokens and the cache gives the tokens recomputation gives; rebuilds are identical.
 */
import { describe, expect, it } from 'vitest';
import { AutoModelForVision2Seq, AutoProcessor, env, pipeline, Tensor } from '@huggingface/transformers';
import { visionSeq2SeqContract as contract } from '../matrix/forge/contracts/vision-seq2seq.js';
import { familyTask, forgeToTemp, readTree, syntheticImage, tinyContext } from './forge-media-helpers.js';

env.allowRemoteModels = false;

type Vision2Seq = ((o: object) => Promise<{ logits: Tensor }>) & { generate(o: object): Promise<Tensor> };

describe('vision-seq2seq contract', () => {
  it('captions through the image-to-text pipeline in fp32, fp16, q8 and q4', async () => {
    const { entry, task } = await familyTask('vision-encoder-decoder', 'image-to-text');
    const dir = forgeToTemp(contract, tinyContext(entry, task));
    for (const dtype of ['fp32', 'fp16', 'q8', 'q4'] as const) {
      const caption = await pipeline('image-to-text', dir, { dtype, device: 'cpu' });
      const [result] = (await caption(syntheticImage(40, 30), { max_new_tokens: 4 })) as { generated_text: string }[];
      expect(typeof result!.generated_text, dtype).toBe('string');
    }
  });

  it('generates exactly max_new_tokens and the cache gives the tokens recomputation gives', async () => {
    const { entry, task } = await familyTask('vision-encoder-decoder', 'image-to-text');
    const dir = forgeToTemp(contract, tinyContext(entry, task), ['fp32']);
    const model = (await AutoModelForVision2Seq.from_pretrained(dir, { dtype: 'fp32', device: 'cpu' })) as unknown as Vision2Seq;
    const { pixel_values } = (await (await AutoProcessor.from_pretrained(dir))(syntheticImage(40, 30))) as { pixel_values: Tensor };
    const tokens = ((await model.generate({ inputs: pixel_values, max_new_tokens: 6 })).tolist() as bigint[][])[0]!;
    expect(tokens).toHaveLength(7);
    const prefix = tokens.slice(0, -1);
    const { logits } = await model({ pixel_values, decoder_input_ids: new Tensor('int64', BigInt64Array.from(prefix), [1, prefix.length]) });
    const [, steps, vocab] = logits.dims as [number, number, number];
    const data = logits.data as Float32Array;
    for (let i = 0; i < steps; i++) {
      let best = 0;
      for (let v = 1; v < vocab; v++) if (data[i * vocab + v]! > data[i * vocab + best]!) best = v;
      expect(BigInt(best), `step ${i}`).toBe(tokens[i + 1]);
    }
  });

  it('rebuilds byte-identically and refuses other families and tasks', async () => {
    const { entry, task } = await familyTask('vision-encoder-decoder', 'image-to-text');
    const a = readTree(forgeToTemp(contract, tinyContext(entry, task)));
    const b = readTree(forgeToTemp(contract, tinyContext(entry, task)));
    for (const path of Object.keys(a)) expect(a[path]!.equals(b[path]!), path).toBe(true);
    expect(contract.supports(entry, { ...task, task: 'document-question-answering' })).toMatch(/document-question-answering/);
    const vit = await familyTask('vit', 'image-classification');
    expect(contract.supports(vit.entry, vit.task)).toMatch(/vit/);
  });
});
