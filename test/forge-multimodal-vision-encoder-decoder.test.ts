/**
 * The vision-encoder-decoder contract: the forged model loads in transformers.js 4.3.1 with
 * AutoModelForVision2Seq (and AutoModelForDocumentQuestionAnswering), generates exactly
 * max_new_tokens from the decoder start token, cached generation equals a full recompute, the
 * image-to-text pipeline runs, every dtype generates, and two builds are byte-identical.
 */
import { describe, expect, it } from 'vitest';
import { AutoModelForDocumentQuestionAnswering, AutoModelForVision2Seq, AutoProcessor, env, pipeline, Tensor } from '@huggingface/transformers';
import { visionEncoderDecoderContract as contract } from '../matrix/forge/multimodal/vision-encoder-decoder-contract.js';
import { ALL_DTYPES, familyTask, forgeToTemp, readTree, syntheticImage, tinyContext } from './forge-media-helpers.js';

env.allowRemoteModels = false;

const MAX_NEW_TOKENS = 4;

async function forged(task = 'image-to-text', dtypes: readonly (typeof ALL_DTYPES)[number][] = ['fp32']) {
  const found = await familyTask('vision-encoder-decoder', task);
  expect(contract.supports(found.entry, found.task)).toBe(true);
  return forgeToTemp(contract, tinyContext(found.entry, found.task), dtypes);
}

describe('vision-encoder-decoder contract', () => {
  it('generates exactly max_new_tokens after the decoder start token, equal to a full recompute', async () => {
    const dir = await forged();
    const model = await AutoModelForVision2Seq.from_pretrained(dir, { dtype: 'fp32', device: 'cpu' });
    const inputs = (await (await AutoProcessor.from_pretrained(dir))(syntheticImage(40, 30))) as Record<string, Tensor>;
    const out = (await model.generate({ ...inputs, max_new_tokens: MAX_NEW_TOKENS, min_new_tokens: MAX_NEW_TOKENS, do_sample: false })) as Tensor;
    expect(out.dims).toEqual([1, 1 + MAX_NEW_TOKENS]);
    const sequence = Array.from(out.data as BigInt64Array);
    expect(Number(sequence[0])).toBe((model.config as unknown as { decoder_start_token_id: number }).decoder_start_token_id);
    for (let step = 0; step < MAX_NEW_TOKENS; step++) {
      const prefix = sequence.slice(0, 1 + step);
      const { logits } = (await model({ ...inputs, decoder_input_ids: new Tensor('int64', BigInt64Array.from(prefix), [1, prefix.length]) })) as { logits: Tensor };
      const last = Array.from((logits.slice(null, -1, null) as Tensor).data as Float32Array);
      const eos = (model.config as unknown as { eos_token_id: number }).eos_token_id;
      last[eos] = -Infinity; // min_new_tokens suppresses EOS during generation
      expect(BigInt(last.indexOf(Math.max(...last))), `step ${step}`).toBe(sequence[1 + step]);
    }
    await model.dispose();
  });

  it('runs the image-to-text pipeline and loads as a document-QA model', async () => {
    const caption = await pipeline('image-to-text', await forged(), { dtype: 'fp32', device: 'cpu' });
    const result = (await caption(syntheticImage(32, 32), { max_new_tokens: 3 })) as { generated_text: string }[];
    expect(typeof result[0]!.generated_text).toBe('string');
    const dir = await forged('document-question-answering');
    const model = await AutoModelForDocumentQuestionAnswering.from_pretrained(dir, { dtype: 'fp32', device: 'cpu' });
    const inputs = (await (await AutoProcessor.from_pretrained(dir))(syntheticImage(32, 32))) as Record<string, Tensor>;
    const out = (await model.generate({ ...inputs, max_new_tokens: 2, min_new_tokens: 2, do_sample: false })) as Tensor;
    expect(out.dims).toEqual([1, 3]);
    await model.dispose();
  });

  it('generates in every dtype and builds byte-identical folders twice', async () => {
    const dir = await forged('image-to-text', ALL_DTYPES);
    for (const dtype of ALL_DTYPES) {
      const model = await AutoModelForVision2Seq.from_pretrained(dir, { dtype, device: 'cpu' });
      const inputs = (await (await AutoProcessor.from_pretrained(dir))(syntheticImage(40, 30))) as Record<string, Tensor>;
      const out = (await model.generate({ ...inputs, max_new_tokens: MAX_NEW_TOKENS, min_new_tokens: MAX_NEW_TOKENS, do_sample: false })) as Tensor;
      expect(out.dims, dtype).toEqual([1, 1 + MAX_NEW_TOKENS]);
      await model.dispose();
    }
    const a = readTree(dir);
    const b = readTree(await forged('image-to-text', ALL_DTYPES));
    expect(Object.keys(a).sort()).toEqual(Object.keys(b).sort());
    for (const path of Object.keys(a)) expect(a[path]!.equals(b[path]!), path).toBe(true);
  });

  it('refuses other families with the reason', async () => {
    const vit = await familyTask('vit', 'image-classification');
    expect(contract.supports(vit.entry, vit.task)).toMatch(/not the vision-encoder-decoder family/);
  });
});
