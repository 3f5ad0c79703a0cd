/**
 * The audio-encoder contract (CTC ASR, audio classification, frame classification, x-vector,
 * bare encoder): forged folders load in transformers.js 4.3.1 through the Auto class each task
 * names and run with the stated shapes; the CTC tokenizer decodes; batch equals single; dtypes
 * stay close to fp32; rebuilds are byte-identical; bad input is refused with a reason.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import * as transformers from '@huggingface/transformers';
import { AutoModelForCTC, AutoProcessor, AutoTokenizer, env, pipeline, Tensor } from '@huggingface/transformers';
import { audioEncoderContract as contract } from '../matrix/forge/audio/audio-encoder-contract.js';
import { AUDIO_FAMILIES } from '../matrix/forge/audio/audio-families.js';
import { allEntries, cosine, familyTask, forgeToTemp, maxAbsDiff, readTree, row, sineWave, tinyContext } from './forge-media-helpers.js';

env.allowRemoteModels = false;

/** Output tolerances against fp32 (cosine similarity of the logits). */
const MIN_COSINE = { fp16: 0.9999, q8: 0.999, q4: 0.97 } as const;

type AutoLoader = { from_pretrained(dir: string, o: object): Promise<(inputs: object) => Promise<Record<string, Tensor>>> };
const autoClass = (name: string) => (transformers as unknown as Record<string, AutoLoader>)[name]!;

/** Frames a 1 s clip becomes: conv stride 320 for waveforms (49), the extractor's own frames otherwise. */
const EXPECTED: Record<string, Record<string, (frames: number) => number[]>> = {
  'automatic-speech-recognition': { any: (f) => [1, f, 32] },
  'audio-classification': { any: () => [1, 4] },
  'audio-frame-classification': { any: (f) => [1, f, 4] },
  'audio-xvector': { any: () => [1, 16] },
  'audio-feature-extraction': { any: (f) => [1, f, 32] },
};

describe('audio-encoder contract', () => {
  it('forges every task of every audio-encoder family with the shapes its head states', async () => {
    const entries = (await allEntries()).filter((e) => AUDIO_FAMILIES[e.family]);
    expect(entries.map((e) => e.family).sort()).toHaveLength(Object.keys(AUDIO_FAMILIES).length);
    let cells = 0;
    for (const entry of entries) {
      for (const task of entry.tasks.filter((t) => contract.supports(entry, t) === true)) {
        const dir = forgeToTemp(contract, tinyContext(entry, task), ['fp32']);
        const inputs = await (await AutoProcessor.from_pretrained(dir))(sineWave(1));
        const model = await autoClass(task.autoClass).from_pretrained(dir, { dtype: 'fp32', device: 'cpu' });
        const out = await model(inputs);
        const waveform = AUDIO_FAMILIES[entry.family]!.input !== 'spectrogram';
        const frames = waveform ? 49 : (Object.values(inputs) as Tensor[])[0]!.dims[1]!;
        const key = task.task === 'audio-feature-extraction' ? 'last_hidden_state' : 'logits';
        expect(out[key]!.dims, `${entry.family} ${task.task}`).toEqual(EXPECTED[task.task]!.any!(frames));
        if (task.task === 'audio-xvector') expect(out.embeddings!.dims).toEqual([1, 16]);
        cells++;
      }
    }
    expect(cells).toBeGreaterThanOrEqual(28);
  });

  it('transcribes through the ASR pipeline and decodes CTC ids (repeats collapsed, blanks dropped, | as space)', async () => {
    for (const family of ['wav2vec2', 'wav2vec2-bert', 'parakeet_ctc']) {
      const { entry, task } = await familyTask(family, 'automatic-speech-recognition');
      const dir = forgeToTemp(contract, tinyContext(entry, task), ['fp32']);
      const asr = await pipeline('automatic-speech-recognition', dir, { dtype: 'fp32', device: 'cpu' });
      const { text } = (await asr(sineWave(1))) as { text: string };
      expect(text, family).toMatch(/^[A-Z' ]*$/);
    }
    const { entry, task } = await familyTask('hubert', 'automatic-speech-recognition');
    const dir = forgeToTemp(contract, tinyContext(entry, task), ['fp32']);
    const tokenizer = await AutoTokenizer.from_pretrained(dir);
    const vocab = JSON.parse(readFileSync(join(dir, 'tokenizer.json'), 'utf8')).model.vocab as Record<string, number>;
    const id = (t: string) => vocab[t]!;
    const ids = [id('H'), id('H'), 0, id('I'), id('|'), 0, id('A'), id('A'), id('T')];
    expect(tokenizer.decode(ids, { skip_special_tokens: true })).toBe('HI AT');
  });

  it('gives each clip of a same-length batch the logits it gets alone', async () => {
    for (const family of ['wav2vec2', 'parakeet_ctc']) {
      const { entry, task } = await familyTask(family, 'automatic-speech-recognition');
      const dir = forgeToTemp(contract, tinyContext(entry, task), ['fp32']);
      const processor = await AutoProcessor.from_pretrained(dir);
      const model = await AutoModelForCTC.from_pretrained(dir, { dtype: 'fp32', device: 'cpu' });
      const clips = [sineWave(0.5, 16000, 300), sineWave(0.5, 16000, 700)];
      const singles = await Promise.all(clips.map(async (c) => ((await model(await processor(c))) as { logits: Tensor }).logits));
      const feats = await Promise.all(clips.map((c) => processor(c))) as Record<string, Tensor>[];
      const batched: Record<string, Tensor> = {};
      for (const key of Object.keys(feats[0]!)) batched[key] = transformers.cat(feats.map((f) => f[key]!), 0);
      const { logits } = (await model(batched)) as { logits: Tensor };
      expect(logits.dims[0]).toBe(2);
      for (let i = 0; i < clips.length; i++) {
        expect(maxAbsDiff(row(logits, i), singles[i]!.data as Float32Array), `${family} #${i}`).toBeLessThan(1e-4);
      }
    }
  });

  it('keeps fp16, q8 and q4 outputs close to fp32', async () => {
    for (const [family, taskName] of [['wav2vec2', 'automatic-speech-recognition'], ['audio-spectrogram-transformer', 'audio-classification']] as const) {
      const { entry, task } = await familyTask(family, taskName);
      const dir = forgeToTemp(contract, tinyContext(entry, task));
      const inputs = await (await AutoProcessor.from_pretrained(dir))(sineWave(1));
      const run = async (dtype: string) => {
        const model = await autoClass(task.autoClass).from_pretrained(dir, { dtype, device: 'cpu' });
        return (await model(inputs)).logits!.data as Float32Array;
      };
      const reference = await run('fp32');
      for (const dtype of ['fp16', 'q8', 'q4'] as const) expect(cosine(await run(dtype), reference), `${family} ${dtype}`).toBeGreaterThanOrEqual(MIN_COSINE[dtype]);
    }
  });

  it('builds byte-identical folders from the same seed', async () => {
    const { entry, task } = await familyTask('wavlm', 'audio-xvector');
    const a = readTree(forgeToTemp(contract, tinyContext(entry, task)));
    const b = readTree(forgeToTemp(contract, tinyContext(entry, task)));
    expect(Object.keys(a).length).toBeGreaterThanOrEqual(6);
    for (const path of Object.keys(a)) expect(a[path]!.equals(b[path]!), path).toBe(true);
  });

  it('refuses families without an audio encoder and tasks it does not forge, saying why', async () => {
    const whisper = (await allEntries()).find((e) => e.family === 'whisper')!;
    expect(contract.supports(whisper, whisper.tasks[0]!)).toMatch(/no audio encoder.*whisper/);
    const { entry, task } = await familyTask('hubert', 'automatic-speech-recognition');
    expect(contract.supports(entry, { ...task, task: 'text-to-audio' })).toMatch(/text-to-audio/);
  });
});
