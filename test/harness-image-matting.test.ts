/**
 * The image-matting driver: an image plus its synthetic trimap through the image processor (4 channels),
 * one alpha matte in 0..1 that follows the trimap's sides — on a forged VitMatte (ONNX Runtime runs it)
 * and on the mock.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useFamily } from '../matrix/harness/index.js';
import { syntheticTrimap } from '../matrix/harness/synthetic-inputs.js';
import { CPU_ONLY, forgeInto, removeDir } from './harness-fixtures.js';

const TASK = { task: 'image-matting', autoClass: 'AutoModelForImageMatting', modelClass: 'VitMatteForImageMatting' };

let forged = '';
beforeAll(async () => {
  forged = await forgeInto(['vitmatte']);
}, 60_000);
afterAll(() => removeDir(forged));

describe.each([true, false])('image matting (forged model: %s)', (real) => {
  it('image + trimap → one alpha matte [1, 1, H, W] in 0..1', async () => {
    const fam = await useFamily({ family: real ? 'vitmatte' : 'nomodel-vitmatte', archKind: 'vision' }, { devices: CPU_ONLY, forgedDir: real ? forged : '', env: { MATRIX_DTYPES: 'fp32' } });
    const [cell] = fam.cells(TASK);
    const { result, error } = await cell!.execute(async (m) => {
      const inputs = await m.imageWithTrimap([40, 24]);
      const [batch, channels, height, width] = inputs.pixel_values!.dims;
      expect([batch, channels]).toEqual([1, 4]);
      // The trimap channel is not normalized: 0 on the left, 1 on the right.
      const trimap = (inputs.pixel_values!.data as Float32Array).subarray(3 * height! * width!);
      if (real) expect([trimap[0], trimap[width! - 1 - (width! - 40)]]).toEqual([0, 1]);
      const out = await m.forward(inputs);
      expect(out.alphas!.dims).toEqual([1, 1, height, width]);
      expect(Array.from(out.alphas!.data as Float32Array).every((a) => a >= 0 && a <= 1)).toBe(true);
      return { alphas: out.alphas! };
    });
    if (error) throw error;
    expect(result).toMatchObject({ status: 'pass', inference: real ? 'real' : 'mock' });
  });
});

describe('syntheticTrimap', () => {
  it('background, unknown and foreground thirds, row by row', () => {
    expect(Array.from(syntheticTrimap(6, 2))).toEqual([0, 0, 128, 128, 255, 255, 0, 0, 128, 128, 255, 255]);
    expect(syntheticTrimap(0, 3).length).toBe(0);
  });
});
