/**
 * The VITS text-to-waveform contract: the forged model runs in transformers.js 4.3.1 through the
 * text-to-audio pipeline and AutoModelForTextToWaveform in every dtype, gives samplesPerToken
 * samples per token, silences padding (a padded batch row equals the row alone), and two builds
 * are byte-identical.
 */
import { describe, expect, it } from 'vitest';
import { AutoModelForTextToWaveform, AutoTokenizer, env, pipeline, type Tensor } from '@huggingface/transformers';
import { vitsContract as contract, VITS } from '../matrix/forge/audio/vits-contract.js';
import { ALL_DTYPES, familyTask, forgeToTemp, maxAbsDiff, readTree, tinyContext } from './forge-media-helpers.js';

env.allowRemoteModels = false;

async function forged(dtypes: readonly (typeof ALL_DTYPES)[number][] = ['fp32']) {
  const { entry, task } = await familyTask('vits', 'text-to-audio');
  expect(contract.supports(entry, task)).toBe(true);
  return forgeToTemp(contract, tinyContext(entry, task), dtypes);
}

describe('vits contract', () => {
  it('speaks through the text-to-audio pipeline in every dtype, samplesPerToken samples per token', async () => {
    const dir = await forged(ALL_DTYPES);
    const tokens = (await AutoTokenizer.from_pretrained(dir))('Hello, my dog is cute.').input_ids.dims[1]!;
    for (const dtype of ALL_DTYPES) {
      const speak = await pipeline('text-to-audio', dir, { dtype, device: 'cpu' });
      const out = (await speak('Hello, my dog is cute.')) as { audio: Float32Array; sampling_rate: number };
      expect(out.audio.length, dtype).toBe(tokens * VITS.samplesPerToken);
      expect(out.sampling_rate).toBe(VITS.samplingRate);
      expect(out.audio.every((v) => Number.isFinite(v) && Math.abs(v) <= 1), dtype).toBe(true);
    }
  });

  it('silences padding: the short row of a padded batch equals the row alone', async () => {
    const dir = await forged();
    const tokenizer = await AutoTokenizer.from_pretrained(dir);
    tokenizer.padding_side = 'right';
    const model = await AutoModelForTextToWaveform.from_pretrained(dir, { dtype: 'fp32', device: 'cpu' });
    const batch = tokenizer(['a much longer sentence here', 'short'], { padding: true });
    const single = tokenizer(['short']);
    const both = (await model(batch)) as { waveform: Tensor };
    const alone = (await model(single)) as { waveform: Tensor };
    const n = alone.waveform.dims[1]!;
    const rowLength = both.waveform.dims[1]!;
    const short = (both.waveform.data as Float32Array).slice(rowLength, rowLength + n);
    expect(maxAbsDiff(short, alone.waveform.data as Float32Array)).toBeLessThan(1e-5);
    expect(Array.from((both.waveform.data as Float32Array).slice(rowLength + n)).every((v) => v === 0)).toBe(true);
    await model.dispose();
  });

  it('builds byte-identical folders twice and refuses other families', async () => {
    const a = readTree(await forged(ALL_DTYPES));
    const b = readTree(await forged(ALL_DTYPES));
    for (const path of Object.keys(a)) expect(a[path]!.equals(b[path]!), path).toBe(true);
    const musicgen = await familyTask('musicgen', 'text-to-audio');
    expect(contract.supports(musicgen.entry, musicgen.task)).toMatch(/not the vits family/);
  });
});
