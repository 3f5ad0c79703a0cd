/**
 * The audio-language driver on a streaming transcriber (Voxtral Realtime's processor takes audio only;
 * its generate() takes the features as chunks): on a forged model and on the mock, the template's body
 * runs — prompt ids with a mask, logits, exactly maxNewTokens new tokens, deterministic.
 */
import { Tensor } from '@huggingface/transformers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tensors, useFamily, type CellBody } from '../matrix/harness/index.js';
import { streamedGenerateInputs } from '../matrix/harness/streaming-audio.js';
import { CPU_ONLY, forgeInto, removeDir } from './harness-fixtures.js';

const TASK = { task: 'audio-text-to-text', autoClass: 'AutoModelForAudioTextToText', modelClass: 'VoxtralRealtimeForConditionalGeneration' };

let forged = '';
beforeAll(async () => {
  forged = await forgeInto(['voxtral_realtime']);
}, 60_000);
afterAll(() => removeDir(forged));

const body: CellBody = async (m) => {
  const maxNewTokens = 8;
  const inputs = await m.mediaText({ audioSeconds: 1 }, 'What is said in this audio?');
  if (m.inference === 'real') expect(inputs.input_features?.dims[0], 'features of the clip, one chunk').toBe(1);
  expect(inputs.attention_mask?.dims, 'a mask for the prompt ids').toEqual(inputs.input_ids!.dims);
  const prefixLength = m.generationPrefixLength(inputs);
  const out = await m.forward(inputs);
  expect(out.logits!.dims.slice(0, 2)).toEqual([1, prefixLength]);
  const generated = await m.generate(inputs, { maxNewTokens });
  expect(generated.dims).toEqual([1, prefixLength + maxNewTokens]);
  expect(tensors.tokenRows(await m.generate(inputs, { maxNewTokens }))).toEqual(tensors.tokenRows(generated));
  return { logits: tensors.lastPositions(out.logits!, 1) };
};

describe.each([true, false])('streaming audio-language driver (forged model: %s)', (real) => {
  it('transcribes a 1 s clip: prompt ids from the processor, exactly maxNewTokens tokens, deterministic', async () => {
    const fam = await useFamily({ family: real ? 'voxtral_realtime' : 'nomodel-voxtral_realtime', archKind: 'multimodal' }, { devices: CPU_ONLY, forgedDir: real ? forged : '', env: { MATRIX_DTYPES: 'fp32' } });
    const [cell] = fam.cells(TASK);
    const { result, error } = await cell!.execute(body);
    if (error) throw error;
    expect(result).toMatchObject({ status: 'pass', inference: real ? 'real' : 'mock' });
  });
});

describe('streamedGenerateInputs', () => {
  const features = new Tensor('float32', new Float32Array(6), [1, 2, 3]);
  it('wraps the features as one chunk for a streaming model only', () => {
    expect(streamedGenerateInputs('VoxtralRealtimeForConditionalGeneration', { input_features: features }).input_features).toEqual([features]);
    expect(streamedGenerateInputs('VoxtralForConditionalGeneration', { input_features: features }).input_features).toBe(features);
  });
  it('leaves inputs without features alone', () => {
    const ids = new Tensor('int64', new BigInt64Array(2), [1, 2]);
    expect(streamedGenerateInputs('VoxtralRealtimeForConditionalGeneration', { input_ids: ids })).toEqual({ input_ids: ids });
  });
});
