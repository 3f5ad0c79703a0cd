/**
 * The speech-seq2seq contract (Whisper, lite-whisper, Moonshine, Cohere ASR): encoder + merged KV-cache
 * decoder load in transformers.js 4.3.1; the ASR pipeline transcribes in every dtype; generate
 * gives exactly max_new_tokens; greedy decoding with the cache equals recomputing without it;
 * fp16/q8 agree with fp32 on the greedy tokens; rebuilds are byte-identical.
 */
import { describe, expect, it } from 'vitest';
import { AutoModelForSpeechSeq2Seq, AutoProcessor, env, pipeline, Tensor } from '@huggingface/transformers';
import { speechSeq2SeqContract as contract } from '../matrix/forge/audio/speech-seq2seq-contract.js';
import { familyTask, forgeToTemp, readTree, sineWave, tinyContext } from './forge-media-helpers.js';

env.allowRemoteModels = false;

type Seq2Seq = Awaited<ReturnType<typeof AutoModelForSpeechSeq2Seq.from_pretrained>> & {
  generate(o: object): Promise<Tensor>;
  (o: object): Promise<{ logits: Tensor }>;
};

async function load(family: string, dtypes: ('fp32' | 'fp16' | 'q8' | 'q4')[] = ['fp32']) {
  const { entry, task } = await familyTask(family, 'automatic-speech-recognition');
  const dir = forgeToTemp(contract, tinyContext(entry, task), dtypes);
  const inputs = await (await AutoProcessor.from_pretrained(dir))(sineWave(1));
  return { dir, inputs };
}

async function greedy(dir: string, inputs: object, dtype: string, newTokens: number): Promise<bigint[]> {
  const model = (await AutoModelForSpeechSeq2Seq.from_pretrained(dir, { dtype: dtype as 'fp32', device: 'cpu' })) as Seq2Seq;
  const out = await model.generate({ ...inputs, max_new_tokens: newTokens, begin_suppress_tokens: null });
  return (out.tolist() as bigint[][])[0]!;
}

describe('speech-seq2seq contract', () => {
  it('transcribes through the ASR pipeline in fp32, fp16, q8 and q4', async () => {
    for (const family of ['whisper', 'lite-whisper', 'moonshine', 'cohere_asr']) {
      const { dir } = await load(family, ['fp32', 'fp16', 'q8', 'q4']);
      for (const dtype of ['fp32', 'fp16', 'q8', 'q4'] as const) {
        const asr = await pipeline('automatic-speech-recognition', dir, { dtype, device: 'cpu' });
        const result = (await asr(sineWave(1))) as { text: string };
        expect(typeof result.text, `${family} ${dtype}`).toBe('string');
      }
    }
  });

  it('generates exactly max_new_tokens after the prompt, and the cache gives the tokens recomputation gives', async () => {
    for (const family of ['whisper', 'moonshine', 'cohere_asr']) {
      const { dir, inputs } = await load(family);
      const tokens = await greedy(dir, inputs, 'fp32', 6);
      const prompt = family === 'whisper' ? 4 : 1; // <|startoftranscript|> <|en|> <|transcribe|> <|notimestamps|> | decoder start
      expect(tokens.length, family).toBe(prompt + 6);
      const model = (await AutoModelForSpeechSeq2Seq.from_pretrained(dir, { dtype: 'fp32', device: 'cpu' })) as Seq2Seq;
      const prefix = tokens.slice(0, -1);
      const { logits } = await model({ ...inputs, decoder_input_ids: new Tensor('int64', BigInt64Array.from(prefix), [1, prefix.length]) });
      const [, steps, vocab] = logits.dims as [number, number, number];
      const data = logits.data as Float32Array;
      for (let i = prompt - 1; i < steps; i++) {
        let best = 0;
        for (let v = 1; v < vocab; v++) if (data[i * vocab + v]! > data[i * vocab + best]!) best = v;
        expect(BigInt(best), `${family} step ${i}`).toBe(tokens[i + 1]);
      }
    }
  });

  it('agrees with fp32 on the greedy tokens in fp16 and q8', async () => {
    const { dir, inputs } = await load('whisper', ['fp32', 'fp16', 'q8']);
    const reference = await greedy(dir, inputs, 'fp32', 4);
    for (const dtype of ['fp16', 'q8']) expect(await greedy(dir, inputs, dtype, 4), dtype).toEqual(reference);
  });

  it('writes encoder, merged decoder, generation config and tokenizer, byte-identical on rebuild', async () => {
    const { entry, task } = await familyTask('whisper', 'automatic-speech-recognition');
    const a = readTree(forgeToTemp(contract, tinyContext(entry, task)));
    const b = readTree(forgeToTemp(contract, tinyContext(entry, task)));
    expect(Object.keys(a)).toEqual(expect.arrayContaining(['onnx/encoder_model.onnx', 'onnx/decoder_model_merged_q4.onnx', 'generation_config.json', 'tokenizer.json']));
    for (const path of Object.keys(a)) expect(a[path]!.equals(b[path]!), path).toBe(true);
    const generation = JSON.parse(a['generation_config.json']!.toString());
    expect(generation.lang_to_id['<|en|>']).toBeTypeOf('number');
    expect(generation.no_timestamps_token_id).toBe(Math.max(...Object.values(generation.lang_to_id as Record<string, number>), generation.task_to_id.transcribe) + 4);
  });

  it('refuses other families and tasks, saying why', async () => {
    const { entry, task } = await familyTask('wav2vec2', 'automatic-speech-recognition');
    expect(contract.supports(entry, task)).toMatch(/wav2vec2/);
    const whisper = await familyTask('whisper', 'automatic-speech-recognition');
    expect(contract.supports(whisper.entry, { ...whisper.task, task: 'audio-classification' })).toMatch(/audio-classification/);
  });

  it.each(['whisper', 'cohere_asr'])('%s bare model (audio-feature-extraction): the decoder step gives last_hidden_state, no logits', async (family) => {
    const { entry, task } = await familyTask(family, 'audio-feature-extraction');
    expect(contract.supports(entry, task)).toBe(true);
    const dir = forgeToTemp(contract, tinyContext(entry, task), ['fp32']);
    const { AutoFeatureExtractor, AutoModel } = await import('@huggingface/transformers');
    const features = await (await AutoFeatureExtractor.from_pretrained(dir))(sineWave(1));
    const model = (await AutoModel.from_pretrained(dir, { dtype: 'fp32', device: 'cpu' })) as unknown as ((o: object) => Promise<Record<string, Tensor>>) & { config: { decoder_start_token_id: number; d_model?: number } };
    const start = BigInt(model.config.decoder_start_token_id);
    const out = await model({ ...features, decoder_input_ids: new Tensor('int64', BigInt64Array.of(start), [1, 1]) });
    expect(out.logits).toBeUndefined();
    expect(out.last_hidden_state!.dims.slice(0, 2)).toEqual([1, 1]);
  });
});
