/**
 * `m.speak`: text to speech / music on forged SpeechT5, MusicGen, Supertonic and StyleTTS 2 models (ONNX
 * Runtime runs them) and on the mock — a [1, samples] waveform, the same twice, and the outputs parity
 * compares; a SpeechT5 folder without its vocoder and a model with no speech driver are `unsupported`.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tensors, useFamily, type CellBody, type CellOutcome, type TaskSpec } from '../matrix/harness/index.js';
import { copyForged, CPU_ONLY, forgeInto, removeDir } from './harness-fixtures.js';

let forged = '';
beforeAll(async () => {
  forged = await forgeInto(['speecht5', 'musicgen', 'supertonic', 'style_text_to_speech_2', 'vits']);
}, 60_000);
afterAll(() => removeDir(forged));

const TASKS: Record<string, TaskSpec> = {
  speecht5: { task: 'text-to-audio', autoClass: 'AutoModelForTextToSpectrogram', modelClass: 'SpeechT5ForTextToSpeech' },
  musicgen: { task: 'text-to-audio', autoClass: 'AutoModelForTextToWaveform', modelClass: 'MusicgenForConditionalGeneration' },
  supertonic: { task: 'text-to-audio', autoClass: 'AutoModelForTextToWaveform', modelClass: 'SupertonicForConditionalGeneration' },
  style_text_to_speech_2: { task: 'text-to-audio', autoClass: 'AutoModel', modelClass: 'StyleTextToSpeech2Model' },
  vits: { task: 'text-to-audio', autoClass: 'AutoModelForTextToWaveform', modelClass: 'VitsModel' },
};

async function onCell(family: string, body: CellBody, options: { forgedDir?: string; dtypes?: string } = {}): Promise<CellOutcome[]> {
  const real = options.forgedDir !== '';
  const fam = await useFamily(
    { family: real ? family : `nomodel-${family}`, archKind: 'audio' },
    { devices: CPU_ONLY, forgedDir: options.forgedDir ?? forged, env: { MATRIX_DTYPES: options.dtypes ?? 'fp32' } },
  );
  const outcomes: CellOutcome[] = [];
  for (const cell of fam.cells(TASKS[family]!)) outcomes.push(await cell.execute(body));
  return outcomes;
}

/** Speaks twice; returns what parity compares and records what it saw. */
function speakBody(seen: { compared?: string[]; samples?: number }): CellBody {
  return async (m) => {
    const speech = await m.speak(['Hello, my dog is cute.']);
    expect(speech.waveform.dims).toHaveLength(2);
    expect(speech.waveform.dims[0]).toBe(1);
    expect(tensors.allFinite(speech.waveform)).toBe(true);
    const again = await m.speak(['Hello, my dog is cute.']);
    expect(Array.from(again.waveform.data)).toEqual(Array.from(speech.waveform.data));
    seen.compared = Object.keys(speech.compared).sort();
    seen.samples = speech.waveform.dims[1];
    return speech.compared;
  };
}

describe('m.speak on forged models', () => {
  it.each([
    ['speecht5', ['spectrogram']],
    ['musicgen', ['logits']],
    ['supertonic', ['durations', 'waveform']],
    ['style_text_to_speech_2', ['waveform']],
  ])('%s: a deterministic [1, samples] waveform; parity on %j, within tolerance at fp16 and q8', async (family, compared) => {
    const seen: { compared?: string[]; samples?: number } = {};
    const outcomes = await onCell(family, speakBody(seen), { dtypes: 'fp32,fp16,q8' });
    for (const { result, error } of outcomes) {
      expect(error, `${result.key.dtype}: ${String(error)}`).toBeUndefined();
      expect(result).toMatchObject({ status: 'pass', inference: 'real', source: 'forged' });
    }
    expect(seen.compared).toEqual(compared);
    expect(seen.samples).toBeGreaterThan(0);
    const fp16 = outcomes.find((o) => o.result.key.dtype === 'fp16')!.result;
    expect(fp16.status === 'pass' && fp16.parity?.ok).toBe(true);
  });

  it('the mock speaks too, marked mock', async () => {
    const seen: { compared?: string[] } = {};
    const [outcome] = await onCell('musicgen', speakBody(seen), { forgedDir: '' });
    expect(outcome!.result).toMatchObject({ status: 'pass', inference: 'mock' });
    expect(seen.compared).toEqual(['waveform']);
  });
});

describe('m.speak refusals', () => {
  it('SpeechT5 without its vocoder folder: unsupported, saying what is missing', async () => {
    const damaged = copyForged(forged);
    try {
      rmSync(join(damaged, 'speecht5', 'text-to-audio', 'vocoder'), { recursive: true });
      const [outcome] = await onCell('speecht5', speakBody({}), { forgedDir: damaged });
      expect(outcome!.result.status).toBe('unsupported');
      expect(outcome!.result.status === 'unsupported' && outcome!.result.reason).toMatch(/needs a vocoder; .*vocoder holds none/);
    } finally {
      removeDir(damaged);
    }
  });

  it('a text-to-waveform model the speech drivers do not know (VITS runs through m.forward): unsupported, naming it', async () => {
    const [outcome] = await onCell('vits', speakBody({}));
    expect(outcome!.result.status).toBe('unsupported');
    expect(outcome!.result.status === 'unsupported' && outcome!.result.reason).toMatch(/no text-to-audio driver for VitsModel/);
  });
});
