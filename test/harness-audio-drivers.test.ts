/**
 * Audio drivers: a neural codec encodes a clip to integer codes and decodes them to a waveform as long
 * as the clip (DAC: one code tensor; SNAC: one per scale), and a text-to-waveform model (VITS) speaks
 * longer for a longer text — each on a forged model (ONNX Runtime runs it) and on the mock.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tensors, useFamily, type CellBody, type TaskSpec } from '../matrix/harness/index.js';
import { CPU_ONLY, forgeInto, removeDir } from './harness-fixtures.js';

let forged = '';
beforeAll(async () => {
  forged = await forgeInto(['dac', 'snac', 'vits']);
}, 60_000);
afterAll(() => removeDir(forged));

async function onCell(family: string, task: TaskSpec, real: boolean, body: CellBody) {
  const fam = await useFamily({ family: real ? family : `nomodel-${family}`, archKind: 'audio' }, { devices: CPU_ONLY, forgedDir: real ? forged : '', env: { MATRIX_DTYPES: 'fp32' } });
  const [cell] = fam.cells(task);
  const { result, error } = await cell!.execute(body);
  if (error) throw error;
  expect(result).toMatchObject({ status: 'pass', inference: real ? 'real' : 'mock' });
}

const codecBody: CellBody = async (m) => {
  const clip = await m.audio(1, 1);
  const samples = clip.input_values!.dims.at(-1);
  const codes = await m.encodeAudio(clip);
  for (const value of Object.values(codes)) expect(value.type).toBe('int64');
  const decoded = await m.decodeAudio(codes);
  expect(decoded.audio_values!.dims).toEqual([1, 1, samples]);
  expect(tensors.allFinite(decoded.audio_values!)).toBe(true);
  return codes;
};

describe.each([true, false])('audio drivers (forged model: %s)', (real) => {
  it('codec: integer codes, decoded back to a waveform as long as the clip', async () => {
    await onCell('dac', { task: 'audio-to-audio', autoClass: 'AutoModel', modelClass: 'DacModel' }, real, codecBody);
  });

  it('text to waveform: [1, samples], longer for a longer text', async () => {
    await onCell('vits', { task: 'text-to-audio', autoClass: 'AutoModelForTextToWaveform', modelClass: 'VitsModel' }, real, async (m) => {
      const short = await m.forward(await m.tokenize(['Hello.']));
      const long = await m.forward(await m.tokenize(['Hello, my dog is cute and it likes long walks.']));
      expect(short.waveform!.dims[0]).toBe(1);
      expect(long.waveform!.dims[1]).toBeGreaterThan(short.waveform!.dims[1]!);
      return { waveform: short.waveform! };
    });
  });
});

describe('codec refusals', () => {
  it('a multi-scale codec (SNAC) gives one code tensor per scale', async () => {
    await onCell('snac', { task: 'audio-to-audio', autoClass: 'AutoModel', modelClass: 'SnacModel' }, true, async (m) => {
      const codes = await codecBody(m);
      expect(Object.keys(codes!).length).toBeGreaterThan(1);
      return codes;
    });
  });

  it('a model without encode/decode is not a codec: the cell fails at infer, naming the class', async () => {
    const fam = await useFamily({ family: 'vits', archKind: 'audio' }, { devices: CPU_ONLY, forgedDir: forged, env: { MATRIX_DTYPES: 'fp32' } });
    const [cell] = fam.cells({ task: 'text-to-audio', autoClass: 'AutoModelForTextToWaveform', modelClass: 'VitsModel' });
    const { result } = await cell!.execute(async (m) => {
      await m.encodeAudio(await m.tokenize(['x']));
    });
    expect(result).toMatchObject({ status: 'fail', stage: 'infer' });
    expect(result.status === 'fail' && result.message).toMatch(/VitsModel is not an audio codec/);
  });
});
