import { describe, expect, it } from 'vitest';
import { encoderTextContract } from '../matrix/forge/text/encoder-text-contract.js';
import { compare, entryOf, forgeText, load, transformers } from './forge-text-helpers.js';

const TEXTS = ['the capital of france is paris.', 'a cat sat on the mat'];

describe('encoder text contract in transformers.js', () => {
  it.each([
    ['fill-mask', 'AutoModelForMaskedLM', { logits: [2, -1, -2] }],
    ['text-classification', 'AutoModelForSequenceClassification', { logits: [2, 3] }],
    ['token-classification', 'AutoModelForTokenClassification', { logits: [2, -1, 3] }],
    ['question-answering', 'AutoModelForQuestionAnswering', { start_logits: [2, -1], end_logits: [2, -1] }],
    ['feature-extraction', 'AutoModel', { last_hidden_state: [2, -1, 32] }],
  ] as const)('bert %s gives its head outputs (%s)', async (task, autoClass, expected) => {
    const dir = await forgeText(encoderTextContract, 'bert', task);
    const tokenizer = await transformers.AutoTokenizer.from_pretrained(dir);
    const model = await load(autoClass, dir);
    const inputs = tokenizer(TEXTS, { padding: true });
    const seq = inputs.input_ids.dims[1];
    const out = await model(inputs);
    for (const [name, dims] of Object.entries(expected)) {
      const want = (dims as readonly number[]).map((d: number) => (d === -1 ? seq : d === -2 ? model.config.vocab_size : d));
      expect(out[name].dims, name).toEqual(want);
    }
  });

  it('runs the pipelines with mask token, labels and answers', async () => {
    const fill = await transformers.pipeline('fill-mask', await forgeText(encoderTextContract, 'roberta', 'fill-mask'), { local_files_only: true } as never);
    const filled = (await (fill as any)('the cat [MASK] on the mat')) as Array<{ token_str: string; score: number }>;
    expect(filled.length).toBeGreaterThan(0);
    const cls = await transformers.pipeline('text-classification', await forgeText(encoderTextContract, 'distilbert', 'text-classification'), { local_files_only: true } as never);
    const [label] = (await (cls as any)('i love this movie')) as Array<{ label: string }>;
    expect(['LABEL_0', 'LABEL_1', 'LABEL_2']).toContain(label!.label);
  });

  it('declares token_type_ids only for families whose exports have it', async () => {
    const bert = await load('AutoModel', await forgeText(encoderTextContract, 'bert', 'feature-extraction'));
    const roberta = await load('AutoModel', await forgeText(encoderTextContract, 'roberta', 'feature-extraction'));
    expect(bert.sessions.model.inputNames).toContain('token_type_ids');
    expect(roberta.sessions.model.inputNames).not.toContain('token_type_ids');
  });

  it('batch equals single and right padding changes nothing (rope and learned positions)', async () => {
    for (const family of ['bert', 'modernbert']) {
      const dir = await forgeText(encoderTextContract, family, 'feature-extraction');
      const tokenizer = await transformers.AutoTokenizer.from_pretrained(dir);
      const model = await load('AutoModel', dir);
      const batch = (await model(tokenizer(TEXTS, { padding: true }))).last_hidden_state;
      const single = (await model(tokenizer([TEXTS[1]!]))).last_hidden_state;
      const len = single.dims[1];
      const row = batch.slice(1, [0, len], null).data as Float32Array;
      expect(compare(row, single.data as Float32Array).maxAbsDiff, family).toBeLessThan(1e-4);
    }
  });

  it('fp16 / q8 / q4 stay close to fp32 (cosine ≥ 0.999 / 0.99 / 0.95)', async () => {
    const dir = await forgeText(encoderTextContract, 'bert', 'fill-mask', ['fp32', 'fp16', 'q8', 'q4']);
    const tokenizer = await transformers.AutoTokenizer.from_pretrained(dir);
    const inputs = tokenizer(TEXTS, { padding: true });
    const ref = (await (await load('AutoModelForMaskedLM', dir, 'fp32'))(inputs)).logits.data as Float32Array;
    for (const [dtype, min] of [['fp16', 0.999], ['q8', 0.99], ['q4', 0.95]] as const) {
      const out = (await (await load('AutoModelForMaskedLM', dir, dtype))(inputs)).logits;
      expect(out.type).toBe('float32');
      expect(compare(out.data as Float32Array, ref).cosine, dtype).toBeGreaterThanOrEqual(min);
    }
  });

  it('refuses tasks and families outside the contract with a reason', async () => {
    const bert = await entryOf('bert');
    const llama = await entryOf('llama');
    expect(encoderTextContract.supports(llama, llama.tasks[0]!)).toMatch(/not an encoder-only family/);
    expect(encoderTextContract.supports(bert, { ...bert.tasks[0]!, task: 'text-generation' })).toMatch(/not an encoder text head/);
    const bart = await entryOf('bart');
    expect(encoderTextContract.supports(bart, bart.tasks.find((t) => t.task === 'text2text-generation')!)).toMatch(/not an encoder-only family/);
  });

  it('forges the text-classification head of encoder-decoder families as transformers.js runs it: one encoder-only graph', async () => {
    for (const family of ['bart', 'mbart']) {
      const dir = await forgeText(encoderTextContract, family, 'text-classification');
      const tokenizer = await transformers.AutoTokenizer.from_pretrained(dir);
      const model = await load('AutoModelForSequenceClassification', dir);
      expect(model.constructor.name).toBe(family === 'bart' ? 'BartForSequenceClassification' : 'MBartForSequenceClassification');
      expect(Object.keys(model.sessions)).toEqual(['model']);
      const { logits } = await model(tokenizer(['I love this movie!', 'meh'], { padding: true }));
      expect(logits.dims).toEqual([2, Object.keys(model.config.id2label).length]);
    }
  });
});
