/**
 * The text-to-waveform contract (VITS): the text-to-audio pipeline speaks in every dtype at the
 * configured sampling rate; a padded batch gives each text the samples it gets alone; dtypes stay
 * close to fp32; rebuilds are byte-identical; other families are refused.
 */
import { describe, expect, it } from 'vitest';
import { AutoModel, AutoTokenizer, env, pipeline, type Tensor } from '@huggingface/transformers';
import { textToWaveformContract as contract, VITS } from '../matrix/forge/contracts/text-to-waveform.js';
import { cosine, familyTask, forgeToTemp, maxAbsDiff, readTree, row, tinyContext } from './forge-media-helpers.js';

env.allowRemoteModels = false;

async function speak(dir: string, dtype: string, texts: string[]): Promise<{ waveform: Tensor; lengths: number[] }> {
  const tokenizer = await AutoTokenizer.from_pretrained(dir);
  const model = await AutoModel.from_pretrained(dir, { dtype: dtype as 'fp32', device: 'cpu' });
  const inputs = tokenizer(texts, { padding: true });
  const lengths = (inputs.attention_mask.tolist() as bigint[][]).map((m) => m.filter((v) => v === 1n).length * VITS.framesPerToken * VITS.samplesPerFrame);
  return { waveform: ((await model(inputs)) as { waveform: Tensor }).waveform, lengths };
}

describe('text-to-waveform contract', () => {
  it('speaks through the text-to-audio pipeline in fp32, fp16, q8 and q4', async () => {
    const { entry, task } = await familyTask('vits', 'text-to-audio');
    const dir = forgeToTemp(contract, tinyContext(entry, task));
    for (const dtype of ['fp32', 'fp16', 'q8', 'q4'] as const) {
      const tts = await pipeline('text-to-audio', dir, { dtype, device: 'cpu' });
      const { audio, sampling_rate } = (await tts('hello world')) as { audio: Float32Array; sampling_rate: number };
      expect(sampling_rate, dtype).toBe(VITS.rate);
      expect(audio.length, dtype).toBe(4 * VITS.framesPerToken * VITS.samplesPerFrame);
      expect(Math.max(...audio.map(Math.abs)), dtype).toBeLessThanOrEqual(1);
    }
  });

  it('gives each text of a padded batch the samples it gets alone, and stays close to fp32 in other dtypes', async () => {
    const { entry, task } = await familyTask('vits', 'text-to-audio');
    const dir = forgeToTemp(contract, tinyContext(entry, task));
    const { waveform, lengths } = await speak(dir, 'fp32', ['hello world my cat', 'the cat']);
    for (const [i, text] of ['hello world my cat', 'the cat'].entries()) {
      const single = await speak(dir, 'fp32', [text]);
      expect(maxAbsDiff(row(waveform, i).slice(0, lengths[i]), single.waveform.data as Float32Array), text).toBeLessThan(1e-4);
    }
    const reference = (await speak(dir, 'fp32', ['hello world'])).waveform.data as Float32Array;
    const minCosine = { fp16: 0.9999, q8: 0.999, q4: 0.97 } as const;
    for (const dtype of ['fp16', 'q8', 'q4'] as const) expect(cosine((await speak(dir, dtype, ['hello world'])).waveform.data as Float32Array, reference), dtype).toBeGreaterThanOrEqual(minCosine[dtype]);
  });

  it('rebuilds byte-identically and refuses other families and tasks', async () => {
    const { entry, task } = await familyTask('vits', 'text-to-audio');
    const a = readTree(forgeToTemp(contract, tinyContext(entry, task)));
    const b = readTree(forgeToTemp(contract, tinyContext(entry, task)));
    for (const path of Object.keys(a)) expect(a[path]!.equals(b[path]!), path).toBe(true);
    const musicgen = await familyTask('musicgen', 'text-to-audio');
    expect(contract.supports(musicgen.entry, musicgen.task)).toMatch(/musicgen/);
  });
});
