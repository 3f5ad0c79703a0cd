/**
 * Gemma 3n, Gemma 4 and EmbeddingGemma 2. Gemma 3n: the forged image + audio + text model loads with AutoModelForImageTextToText and
 * Gemma3nProcessor (chat_template.jinja, soft-token expansion), generates exactly max_new_tokens in
 * every dtype; the text-generation folder loads the text-only sessions through AutoModelForCausalLM.
 */
import { describe, expect, it } from 'vitest';
import { AutoModel, AutoModelForCausalLM, AutoModelForImageTextToText, AutoProcessor, AutoTokenizer, env, type Tensor } from '@huggingface/transformers';
import { GEMMA3N, gemma3nContract as contract } from '../matrix/forge/multimodal/gemma3n-contract.js';
import { GEMMA4, gemma4Contract } from '../matrix/forge/multimodal/gemma4-contract.js';
import { ALL_DTYPES, familyTask, forgeToTemp, maxAbsDiff, readTree, sineWave, syntheticImage, tinyContext } from './forge-media-helpers.js';

env.allowRemoteModels = false;

type Inputs = Record<string, Tensor>;
type Processor = ((text: string, images?: unknown, audio?: unknown) => Promise<Inputs>) & { apply_chat_template(m: unknown, o: unknown): string };

const count = (ids: Tensor, id: number) => Array.from(ids.data as BigInt64Array).filter((x) => Number(x) === id).length;

describe('forged Gemma 3n', () => {
  it('expands image and audio soft tokens to the encoders’ counts and generates exactly max_new_tokens in every dtype', async () => {
    const { entry, task } = await familyTask('gemma3n', 'image-text-to-text');
    const dir = forgeToTemp(contract, tinyContext(entry, task));
    const processor = (await AutoProcessor.from_pretrained(dir)) as unknown as Processor;
    const prompt = processor.apply_chat_template([{ role: 'user', content: [{ type: 'image' }, { type: 'audio' }, { type: 'text', text: 'Describe.' }] }], { add_generation_prompt: true });
    const inputs = await processor(prompt, syntheticImage(40, 30), sineWave(1));
    for (const dtype of ALL_DTYPES) {
      const model = await AutoModelForImageTextToText.from_pretrained(dir, { dtype, device: 'cpu' });
      const { image_token_id, audio_token_id } = model.config as unknown as { image_token_id: number; audio_token_id: number };
      expect(count(inputs.input_ids!, image_token_id)).toBe((GEMMA3N.imageSize / GEMMA3N.patch) ** 2);
      expect(count(inputs.input_ids!, audio_token_id)).toBe(GEMMA3N.audioTokens);
      const out = (await model.generate({ ...inputs, max_new_tokens: 4, do_sample: false })) as Tensor;
      expect(out.dims, dtype).toEqual([1, inputs.input_ids!.dims[1]! + 4]);
      await model.dispose();
    }
  });

  it('both the image and the audio reach the logits', async () => {
    const { entry, task } = await familyTask('gemma3n', 'image-text-to-text');
    const dir = forgeToTemp(contract, tinyContext(entry, task), ['fp32']);
    const processor = (await AutoProcessor.from_pretrained(dir)) as unknown as Processor;
    const model = await AutoModelForImageTextToText.from_pretrained(dir, { dtype: 'fp32', device: 'cpu' });
    const prompt = processor.apply_chat_template([{ role: 'user', content: [{ type: 'image' }, { type: 'audio' }, { type: 'text', text: 'Describe.' }] }], { add_generation_prompt: true });
    const logits = async (seed: number, hz: number) => ((await model(await processor(prompt, syntheticImage(32, 32, seed), sineWave(1, 16000, hz)))) as { logits: Tensor }).logits.data as Float32Array;
    const base = await logits(1, 440);
    expect(maxAbsDiff(base, await logits(2, 440))).toBeGreaterThan(1e-4);
    expect(maxAbsDiff(base, await logits(1, 1300))).toBeGreaterThan(1e-4);
    await model.dispose();
  });

  it('text-generation loads only the language sessions and generates a left-padded batch', async () => {
    const { entry, task } = await familyTask('gemma3n', 'text-generation');
    const dir = forgeToTemp(contract, tinyContext(entry, task));
    const files = Object.keys(readTree(dir));
    expect(files.some((f) => f.includes('vision_encoder'))).toBe(false);
    const tokenizer = await AutoTokenizer.from_pretrained(dir);
    const inputs = tokenizer(['Once upon a time', 'hi'], { padding: true }) as Inputs;
    for (const dtype of ALL_DTYPES) {
      const model = await AutoModelForCausalLM.from_pretrained(dir, { dtype, device: 'cpu' });
      const out = (await model.generate({ ...inputs, max_new_tokens: 3, do_sample: false })) as Tensor;
      expect(out.dims, dtype).toEqual([2, inputs.input_ids!.dims[1]! + 3]);
      await model.dispose();
    }
  });

  it('builds byte-identical folders and refuses other families', async () => {
    const { entry, task } = await familyTask('gemma3n', 'image-text-to-text');
    const a = readTree(forgeToTemp(contract, tinyContext(entry, task)));
    const b = readTree(forgeToTemp(contract, tinyContext(entry, task)));
    expect(Object.keys(a).sort()).toEqual(Object.keys(b).sort());
    expect(Object.keys(a)).toContain('onnx/audio_encoder_q4.onnx');
    for (const path of Object.keys(a)) expect(a[path]!.equals(b[path]!), path).toBe(true);
    const gemma3 = await familyTask('gemma3', 'image-text-to-text');
    expect(contract.supports(gemma3.entry, gemma3.task)).toMatch(/not the gemma3n family/);
  });
});

describe('forged Gemma 4 and EmbeddingGemma 2', () => {
  it('Gemma 4: soft tokens follow each image’s patch grid and each clip’s length; generation adds exactly max_new_tokens in every dtype', async () => {
    const { entry, task } = await familyTask('gemma4', 'image-text-to-text');
    const dir = forgeToTemp(gemma4Contract, tinyContext(entry, task));
    const processor = (await AutoProcessor.from_pretrained(dir)) as unknown as Processor;
    const prompt = processor.apply_chat_template([{ role: 'user', content: [{ type: 'image' }, { type: 'audio' }, { type: 'text', text: 'Describe.' }] }], { add_generation_prompt: true });
    const cases = [[40, 30, 1], [224, 224, 0.5], [100, 20, 2]] as const;
    const prepared = await Promise.all(cases.map(([w, h, s]) => processor(prompt, syntheticImage(w, h), sineWave(s))));
    for (const dtype of ALL_DTYPES) {
      const model = await AutoModelForImageTextToText.from_pretrained(dir, { dtype, device: 'cpu' });
      const { image_token_id } = model.config as unknown as { image_token_id: number };
      for (const inputs of prepared) {
        const softTokens = (inputs as unknown as { num_soft_tokens_per_image: number[] }).num_soft_tokens_per_image[0]!;
        expect(softTokens).toBeLessThanOrEqual(GEMMA4.maxSoftTokens);
        expect(count(inputs.input_ids!, image_token_id)).toBe(softTokens);
        const out = (await model.generate({ ...inputs, max_new_tokens: 3, do_sample: false })) as Tensor;
        expect(out.dims, dtype).toEqual([1, inputs.input_ids!.dims[1]! + 3]);
      }
      await model.dispose();
    }
  });

  it('Gemma 4 text-generation runs the language sessions alone', async () => {
    const { entry, task } = await familyTask('gemma4', 'text-generation');
    const dir = forgeToTemp(gemma4Contract, tinyContext(entry, task), ['fp32']);
    const tokenizer = await AutoTokenizer.from_pretrained(dir);
    const model = await AutoModelForCausalLM.from_pretrained(dir, { dtype: 'fp32', device: 'cpu' });
    const inputs = tokenizer('Once upon a time') as Inputs;
    const out = (await model.generate({ ...inputs, max_new_tokens: 5, do_sample: false })) as Tensor;
    expect(out.dims).toEqual([1, inputs.input_ids!.dims[1]! + 5]);
    await model.dispose();
  });

  it('EmbeddingGemma 2: unit-norm sentence embeddings for text and for images; padding does not change a text’s embedding', async () => {
    const { entry, task } = await familyTask('embedding_gemma2', 'feature-extraction');
    const dir = forgeToTemp(gemma4Contract, tinyContext(entry, task));
    const processor = (await AutoProcessor.from_pretrained(dir)) as unknown as (text: unknown, images?: unknown) => Promise<Inputs>;
    for (const dtype of ALL_DTYPES) {
      const model = (await AutoModel.from_pretrained(dir, { dtype, device: 'cpu' })) as unknown as (i: Inputs) => Promise<{ sentence_embedding: Tensor; last_hidden_state: Tensor }>;
      const text = await model(await processor(['Hello world!', 'The quick brown fox jumps over the lazy dog.']));
      expect(text.sentence_embedding.dims, dtype).toEqual([2, 32]);
      const norms = [0, 1].map((r) => Math.hypot(...Array.from(text.sentence_embedding.data as Float32Array).slice(r * 32, r * 32 + 32)));
      for (const n of norms) expect(n, dtype).toBeCloseTo(1, 2);
      const image = await model(await processor(null, [syntheticImage(40, 30)]));
      expect(image.sentence_embedding.dims, dtype).toEqual([1, 32]);
      if (dtype === 'fp32') {
        const single = await model(await processor(['Hello world!']));
        expect(maxAbsDiff((single.sentence_embedding.data as Float32Array), (text.sentence_embedding.data as Float32Array).slice(0, 32))).toBeLessThan(1e-4);
      }
      await (model as unknown as { dispose(): Promise<unknown> }).dispose();
    }
  });

  it('builds byte-identical folders and refuses other families and tasks', async () => {
    const { entry, task } = await familyTask('embedding_gemma2', 'feature-extraction');
    const a = readTree(forgeToTemp(gemma4Contract, tinyContext(entry, task)));
    const b = readTree(forgeToTemp(gemma4Contract, tinyContext(entry, task)));
    for (const path of Object.keys(a)) expect(a[path]!.equals(b[path]!), path).toBe(true);
    const gemma3 = await familyTask('gemma3', 'image-text-to-text');
    expect(gemma4Contract.supports(gemma3.entry, gemma3.task)).toMatch(/not a Gemma 4 family/);
  });
});
