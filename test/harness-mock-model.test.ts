import { describe, expect, it } from 'vitest';
import { tensors, useFamily, type CellBody, type TaskSpec } from '../matrix/harness/index.js';
import type { ArchKind } from '../matrix/harness/types.js';
import { CPU_ONLY } from './harness-fixtures.js';

/** Runs `body` on the mock fp32 cell of a family with no model files anywhere. */
async function onMock(archKind: ArchKind, task: TaskSpec, body: CellBody) {
  const fam = await useFamily({ family: 'nomodel', archKind }, { devices: CPU_ONLY, forgedDir: '', env: { MATRIX_DTYPES: 'fp32' } });
  const [cell] = fam.cells(task);
  expect(cell!.title).toBe('🔷 mock node cpu fp32');
  const { result, error } = await cell!.execute(body);
  if (error) throw error;
  expect(result).toMatchObject({ status: 'pass', inference: 'mock', source: 'mock' });
  return result;
}

describe('the mock returns real Tensors of the shapes the task head would', () => {
  it('masked LM: logits [1, tokens, vocab], mask token present, padding-invariant', async () => {
    await onMock('encoder-only', { task: 'fill-mask', autoClass: 'AutoModelForMaskedLM', modelClass: 'XForMaskedLM' }, async (m) => {
      const single = await m.tokenize(['The capital of France is [MASK].']);
      const length = single.input_ids.dims[1]!;
      expect(tensors.tokenRows(single.input_ids)[0]).toContain(await m.maskTokenId());
      const out = await m.forward(single);
      expect(out.logits!.dims).toEqual([1, length, m.config.vocab_size]);
      const padded = await m.forward(await m.tokenize(['The capital of France is [MASK].'], { padTo: length + 3 }));
      m.expectClose(tensors.firstPositions(padded.logits!, length), out.logits!, 'padding invariance');
    });
  });

  it('causal LM: cached generation == recompute, exactly maxNewTokens, left-padded batch == single', async () => {
    await onMock('decoder-only', { task: 'text-generation', autoClass: 'AutoModelForCausalLM', modelClass: 'XForCausalLM' }, async (m) => {
      const single = await m.tokenize(['Once upon a time'], { paddingSide: 'left' });
      const promptLength = single.input_ids.dims[1]!;
      const cached = await m.generate(single, { maxNewTokens: 5 });
      expect(cached.dims).toEqual([1, promptLength + 5]);
      const recomputed = await m.generate(single, { maxNewTokens: 5, cache: false });
      expect(tensors.tokenRows(recomputed)).toEqual(tensors.tokenRows(cached));
      const batch = await m.tokenize(['Once upon a time', 'Hi'], { paddingSide: 'left' });
      const both = await m.generate(batch, { maxNewTokens: 5 });
      expect(tensors.newTokens(both, batch.input_ids.dims[1]!)[0]).toEqual(tensors.newTokens(cached, promptLength)[0]);
    });
  });

  it('image-text (CLIP-like): logits_per_image [images, texts]', async () => {
    await onMock('multimodal', { task: 'zero-shot-image-classification', autoClass: 'AutoModel', modelClass: 'XModel' }, async (m) => {
      const out = await m.forward({ ...(await m.tokenize(['a cat', 'a dog', 'a bird'])), ...(await m.images(1, [64, 64])) });
      expect(out.logits_per_image!.dims).toEqual([1, 3]);
      expect(out.logits_per_text!.dims).toEqual([3, 1]);
    });
  });

  it('vision-language: image + prompt → causal logits over the prompt, exactly maxNewTokens more tokens', async () => {
    await onMock('multimodal', { task: 'image-text-to-text', autoClass: 'AutoModelForImageTextToText', modelClass: 'XForConditionalGeneration' }, async (m) => {
      const inputs = await m.mediaText({ imageSize: [64, 64] }, 'Describe this image.');
      expect(inputs.pixel_values!.dims[0]).toBe(1);
      const promptLength = inputs.input_ids!.dims[1]!;
      expect((await m.forward(inputs)).logits!.dims).toEqual([1, promptLength, m.config.vocab_size]);
      expect((await m.generate(inputs, { maxNewTokens: 3 })).dims).toEqual([1, promptLength + 3]);
    });
  });

  it('speech seq2seq: generation starts with the decoder start token', async () => {
    await onMock('audio', { task: 'automatic-speech-recognition', autoClass: 'AutoModelForSpeechSeq2Seq', modelClass: 'XForConditionalGeneration' }, async (m) => {
      const generated = await m.generate(await m.audio(1, 1), { maxNewTokens: 4 });
      expect(generated.dims).toEqual([1, 5]);
      expect(tensors.tokenRows(generated)[0]![0]).toBe(m.decoderStartTokenId);
      expect(await m.decode(generated)).toHaveLength(1);
    });
  });

  it('encoder-decoder base model: the forward runs the first decoder step; decoder states depend on the encoder input', async () => {
    await onMock('encoder-decoder', { task: 'feature-extraction', autoClass: 'AutoModel', modelClass: 'XModel' }, async (m) => {
      expect(m.config.is_encoder_decoder).toBe(true);
      const out = await m.forward(await m.tokenize(['hello world']));
      expect(out.last_hidden_state!.dims).toEqual([1, 1, out.last_hidden_state!.dims[2]]);
      const other = await m.forward(await m.tokenize(['a different text']));
      expect(Array.from(other.last_hidden_state!.data)).not.toEqual(Array.from(out.last_hidden_state!.data));
      const encoded = await m.encode(await m.tokenize(['hello world']));
      expect(encoded.dims[0]).toBe(1);
    });
  });

  it('document QA: a decoder prompt without special tokens is continued; the recompute starts from it too', async () => {
    await onMock('multimodal', { task: 'document-question-answering', autoClass: 'AutoModelForDocumentQuestionAnswering', modelClass: 'XModel' }, async (m) => {
      const prompt = await m.tokenize(['what is it'], { addSpecialTokens: false });
      expect(prompt.input_ids!.dims[1]).toBe((await m.tokenize(['what is it'])).input_ids!.dims[1]! - 2);
      const inputs = { ...(await m.images(1, [32, 32])), decoder_input_ids: prompt.input_ids! };
      const cached = await m.generate(inputs, { maxNewTokens: 3 });
      const recomputed = await m.generate(inputs, { maxNewTokens: 3, cache: false });
      expect(cached.dims).toEqual([1, prompt.input_ids!.dims[1]! + 3]);
      expect(tensors.tokenRows(recomputed)).toEqual(tensors.tokenRows(cached));
    });
  });

  it('is deterministic: the same input gives the same outputs in a new family instance', async () => {
    const logits = async () => {
      let out: number[] = [];
      await onMock('encoder-only', { task: 'text-classification', autoClass: 'AutoModelForSequenceClassification', modelClass: 'X' }, async (m) => {
        out = Array.from((await m.forward(await m.tokenize(['I love this movie!']))).logits!.data as Float32Array);
      });
      return out;
    };
    expect(await logits()).toEqual(await logits());
  });
});
