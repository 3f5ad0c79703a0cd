/**
 * The drivers added for tasks the generated suite used to record as "no driver": each runs on a forged
 * model (ONNX Runtime runs its graph) and on the mock, with the shapes the template asserts. Also: an
 * encoder-decoder whose generate() drops an encoder input is an honest `unsupported` cell.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tensors, useFamily, type CellBody, type TaskSpec } from '../matrix/harness/index.js';
import type { ArchKind } from '../matrix/harness/types.js';
import { CPU_ONLY, forgeInto, removeDir } from './harness-fixtures.js';

let forged = '';
beforeAll(async () => {
  forged = await forgeInto(['sam', 'owlvit', 'clipseg', 'clip', 'speecht5', 'multi_modality', 'mgp-str', 'vision-encoder-decoder']);
}, 60_000);
afterAll(() => removeDir(forged));

/** Runs `body` on the fp32 cell of `family` (forged when `real`, else the mock) and returns the result. */
async function onCell(family: string, archKind: ArchKind, task: TaskSpec, real: boolean, body: CellBody) {
  const fam = await useFamily({ family: real ? family : `nomodel-${family}`, archKind }, { devices: CPU_ONLY, forgedDir: real ? forged : '', env: { MATRIX_DTYPES: 'fp32' } });
  const [cell] = fam.cells(task);
  const { result, error } = await cell!.execute(body);
  if (error) throw error;
  expect(result.inference).toBe(real ? 'real' : 'mock');
  return result;
}

const MASKS: TaskSpec = { task: 'mask-generation', autoClass: 'AutoModelForMaskGeneration', modelClass: 'SamModel' };
const DETECT: TaskSpec = { task: 'zero-shot-object-detection', autoClass: 'AutoModelForZeroShotObjectDetection', modelClass: 'OwlViTForObjectDetection' };
const SEGMENT: TaskSpec = { task: 'image-segmentation', autoClass: 'AutoModelForImageSegmentation', modelClass: 'CLIPSegForImageSegmentation' };
const SIMILARITY: TaskSpec = { task: 'zero-shot-image-classification', autoClass: 'AutoModel', modelClass: 'CLIPModel' };
const ANY_TO_ANY: TaskSpec = { task: 'any-to-any', autoClass: 'AutoModel', modelClass: 'MultiModalityCausalLM' };
const DOC_QA: TaskSpec = { task: 'document-question-answering', autoClass: 'AutoModelForDocumentQuestionAnswering', modelClass: 'VisionEncoderDecoderModel' };
const SCENE_TEXT: TaskSpec = { task: 'image-to-text', autoClass: 'AutoModel', modelClass: 'MgpstrForSceneTextRecognition' };

describe.each([true, false])('drivers (forged model: %s)', (real) => {
  it('mask generation: a point prompt in image pixels gives 3 masks with IoU scores; another point, other masks', async () => {
    const result = await onCell('sam', 'vision', MASKS, real, async (m) => {
      const inputs = await m.promptedImage([64, 48], { input_points: [[[32, 16]]] });
      expect(inputs.input_points, 'the processor passes the prompt on').toBeDefined();
      const out = await m.forward(inputs);
      expect(out.pred_masks!.dims.slice(0, 3)).toEqual([1, 1, 3]);
      expect(out.iou_scores!.dims).toEqual([1, 1, 3]);
      const elsewhere = await m.forward(await m.promptedImage([64, 48], { input_points: [[[4, 40]]] }));
      expect(tensors.cosineMatrix(elsewhere.pred_masks!, out.pred_masks!)[0]![0]).toBeLessThan(0.9999);
      return { pred_masks: out.pred_masks! };
    });
    expect(result.status).toBe('pass');
  });

  it('zero-shot detection: a box per query in 0..1 and a score per label', async () => {
    await onCell('owlvit', 'multimodal', DETECT, real, async (m) => {
      const out = await m.forward({ ...(await m.tokenize(['a cat', 'a dog', 'a bird'])), ...(await m.images(1, [64, 64])) });
      expect(out.logits!.dims[2]).toBe(3);
      expect(out.pred_boxes!.dims).toEqual([1, out.logits!.dims[1], 4]);
      expect(tensors.rows(out.pred_boxes!)[0]!.every((v) => v >= 0 && v <= 1)).toBe(true);
    });
  });

  it('text-prompted segmentation: one mask per prompt-image pair; the first pair scores like it does alone', async () => {
    await onCell('clipseg', 'vision', SEGMENT, real, async (m) => {
      const single = await m.forward({ ...(await m.tokenize(['a cat'])), ...(await m.images(1, [64, 64])) });
      const both = await m.forward({ ...(await m.tokenize(['a cat', 'the sky above'])), ...(await m.images(2, [64, 64])) });
      expect(single.logits!.dims.length).toBe(3);
      expect(both.logits!.dims).toEqual([2, ...single.logits!.dims.slice(1)]);
      m.expectClose(tensors.batchRow(both.logits!, 0), single.logits!, 'batch == single');
    });
  });

  it('dual encoder: unit embeddings, similarity ranked like their cosines', async () => {
    await onCell('clip', 'multimodal', SIMILARITY, real, async (m) => {
      const out = await m.forward({ ...(await m.tokenize(['a cat', 'a dog'])), ...(await m.images(1, [64, 64])) });
      for (const norm of [...tensors.rowNorms(out.text_embeds!), ...tensors.rowNorms(out.image_embeds!)]) expect(norm).toBeCloseTo(1, 3);
      expect(tensors.argmaxRows(out.logits_per_image!)).toEqual(tensors.argmaxRows(tensors.cosineMatrix(out.image_embeds!, out.text_embeds!)));
    });
  });

  it('Janus (any-to-any, text out): its conversation processor puts the image into the prompt; generation adds exactly maxNewTokens', async () => {
    const result = await onCell('multi_modality', 'multimodal', ANY_TO_ANY, real, async (m) => {
      const inputs = await m.mediaText({ imageSize: [64, 64] }, 'Describe this image.');
      if (real) expect(Object.keys(inputs).sort()).toEqual(['attention_mask', 'images_emb_mask', 'images_seq_mask', 'input_ids', 'pixel_values']);
      const prefix = m.generationPrefixLength(inputs);
      const out = await m.forward(inputs);
      expect(out.logits!.dims.slice(0, 2)).toEqual([1, prefix]);
      const generated = await m.generate(inputs, { maxNewTokens: 3 });
      expect(generated.dims).toEqual([1, prefix + 3]);
      return { logits: tensors.lastPositions(out.logits!, 1) };
    });
    expect(result.status).toBe('pass');
  });

  it('document QA: a decoder prompt without special tokens is continued by exactly maxNewTokens, cached == recomputed', async () => {
    const result = await onCell('vision-encoder-decoder', 'multimodal', DOC_QA, real, async (m) => {
      const image = await m.images(1, [64, 64]);
      const withSpecials = await m.tokenize(['<s_docvqa><s_question>What is the total?</s_question><s_answer>']);
      const prompt = await m.tokenize(['<s_docvqa><s_question>What is the total?</s_question><s_answer>'], { addSpecialTokens: false });
      expect(prompt.input_ids!.dims[1]).toBeLessThan(withSpecials.input_ids!.dims[1]!);
      const inputs = { ...image, decoder_input_ids: prompt.input_ids! };
      const prefix = m.generationPrefixLength(inputs);
      expect(prefix).toBe(prompt.input_ids!.dims[1]);
      const cached = await m.generate(inputs, { maxNewTokens: 3 });
      const recomputed = await m.generate(inputs, { maxNewTokens: 3, cache: false });
      expect(cached.dims).toEqual([1, prefix + 3]);
      expect(tensors.tokenRows(tensors.firstPositions(recomputed, prefix))).toEqual(tensors.tokenRows(prompt.input_ids!));
      expect(tensors.tokenRows(recomputed)).toEqual(tensors.tokenRows(cached));
      const step = await m.forward(inputs);
      return { logits: tensors.lastPositions(step.logits!, 1) };
    });
    expect(result.status).toBe('pass');
  });

  it('MGP-STR: one forward from pixel_values gives char, BPE and WordPiece logits, no tokenizer needed', async () => {
    const result = await onCell('mgp-str', 'multimodal', SCENE_TEXT, real, async (m) => {
      const out = await m.forward(await m.images(1, [128, 32]));
      if (real) expect(Object.keys(out).filter((k) => k.endsWith('logits')).sort()).toEqual(['bpe_logits', 'char_logits', 'wp_logits']);
      for (const value of Object.values(out)) expect(tensors.allFinite(value)).toBe(true);
      return out;
    });
    expect(result.status).toBe('pass');
  });
});

describe('tensor views for the drivers', () => {
  it('cosineMatrix refuses rows of different widths, argmaxRows takes number rows', async () => {
    const { Tensor } = await import('@huggingface/transformers');
    const a = new Tensor('float32', new Float32Array([1, 0, 0, 1]), [2, 2]);
    expect(tensors.cosineMatrix(a, a)).toEqual([[1, 0], [0, 1]]);
    expect(() => tensors.cosineMatrix(a, new Tensor('float32', new Float32Array(3), [1, 3]))).toThrow(/differ in width/);
    expect(tensors.argmaxRows([[0, 2, 1], [5, 0, 0]])).toEqual([1, 0]);
  });
});

describe('an encoder-decoder generate() that drops an encoder input', () => {
  it('is unsupported with the reason (SpeechT5 ASR: transformers.js 4.3.1 keeps input_ids, the encoder takes input_values), not a failure', async () => {
    const fam = await useFamily({ family: 'speecht5', archKind: 'audio' }, { devices: CPU_ONLY, forgedDir: forged, env: { MATRIX_DTYPES: 'fp32' } });
    const [cell] = fam.cells({ task: 'automatic-speech-recognition', autoClass: 'AutoModelForSpeechSeq2Seq', modelClass: 'SpeechT5ForSpeechToText' });
    const { result } = await cell!.execute(async (m) => {
      const single = await m.audio(1, 0.5);
      expect((await m.forward(single)).logits!.dims[0], 'the forward pass itself runs').toBe(1);
      await m.generate(single, { maxNewTokens: 2 });
    });
    expect(result).toMatchObject({ status: 'unsupported', inference: 'real' });
    expect(result.status === 'unsupported' && result.reason).toMatch(/cannot generate with SpeechT5ForSpeechToText.*input_values/);
  });
});
