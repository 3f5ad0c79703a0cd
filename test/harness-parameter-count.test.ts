import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import onnxProto from 'onnx-proto';
import { afterAll, describe, expect, it } from 'vitest';
import { loadOrt } from '../matrix/devices/load-ort.js';
import { parameterCount } from '../matrix/harness/parameter-count.js';

const { onnx } = onnxProto;
const dir = mkdtempSync(path.join(tmpdir(), 'matrix-params-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const floatInit = (name: string, dims: number[]) => ({ name, dataType: 1, dims, rawData: new Uint8Array(4 * dims.reduce((a, b) => a * b, 1)) });
const value = (name: string, dims: number[]) => ({ name, type: { tensorType: { elemType: 1, shape: { dim: dims.map((d) => ({ dimValue: d })) } } } });

function write(name: string, graph: Record<string, unknown>): string {
  const file = path.join(dir, name);
  writeFileSync(file, onnx.ModelProto.encode({ irVersion: 8, opsetImport: [{ domain: '', version: 17 }], graph }).finish());
  return file;
}

describe('parameterCount', () => {
  it('sums initializer element counts of a real, runnable model', async () => {
    // y = x · W + b with W [32, 64], b [64]; plus a scalar initializer (1 element)
    const file = write('linear.onnx', {
      name: 'linear',
      initializer: [floatInit('W', [32, 64]), floatInit('b', [64]), floatInit('s', [])],
      node: [
        { opType: 'MatMul', input: ['x', 'W'], output: ['xw'] },
        { opType: 'Add', input: ['xw', 'b'], output: ['xwb'] },
        { opType: 'Mul', input: ['xwb', 's'], output: ['y'] },
      ],
      input: [value('x', [1, 32])],
      output: [value('y', [1, 64])],
    });
    await expect(loadOrt().InferenceSession.create(file)).resolves.toBeDefined();
    expect(await parameterCount(file)).toBe(32 * 64 + 64 + 1);
  });

  it('counts initializers inside subgraphs (If branches of merged decoders)', async () => {
    const branch = (name: string, size: number) => ({
      name,
      initializer: [floatInit(`${name}_w`, [size])],
      node: [{ opType: 'Identity', input: [`${name}_w`], output: [`${name}_out`] }],
      output: [value(`${name}_out`, [size])],
    });
    const file = write('if.onnx', {
      name: 'merged',
      initializer: [floatInit('top', [3, 3])],
      node: [
        {
          opType: 'If',
          input: ['cond'],
          output: ['y'],
          attribute: [
            { name: 'then_branch', type: 5, g: branch('then', 10) },
            { name: 'else_branch', type: 5, g: branch('else', 7) },
          ],
        },
      ],
      input: [{ name: 'cond', type: { tensorType: { elemType: 9, shape: { dim: [] } } } }],
      output: [value('y', [10])],
    });
    expect(await parameterCount(file)).toBe(9 + 10 + 7);
  });

  it('counts initializers stored as external data from their dims alone', async () => {
    const file = write('external.onnx', {
      name: 'external',
      initializer: [
        {
          name: 'W',
          dataType: 1,
          dims: [1000, 500],
          dataLocation: 1, // EXTERNAL
          externalData: [
            { key: 'location', value: 'model.onnx_data' },
            { key: 'offset', value: '0' },
            { key: 'length', value: '2000000' },
          ],
        },
      ],
      node: [{ opType: 'Identity', input: ['W'], output: ['y'] }],
      output: [value('y', [1000, 500])],
    });
    expect(await parameterCount(file)).toBe(500_000); // model.onnx_data does not exist
  });

  it('counts a model with no initializers as 0', async () => {
    const file = write('empty.onnx', { name: 'id', node: [{ opType: 'Identity', input: ['x'], output: ['y'] }], input: [value('x', [2])], output: [value('y', [2])] });
    expect(await parameterCount(file)).toBe(0);
  });

  it('rejects a missing file and a file that is not ONNX with a coded error', async () => {
    await expect(parameterCount(path.join(dir, 'absent.onnx'))).rejects.toMatchObject({
      code: 'HARNESS_MODEL_UNREADABLE',
      message: expect.stringMatching(/absent\.onnx: file not found/),
    });
    const junk = path.join(dir, 'junk.onnx');
    writeFileSync(junk, Uint8Array.from([0xff, 0xff, 0xff, 0xff, 0x0f, 0x01]));
    await expect(parameterCount(junk)).rejects.toMatchObject({ code: 'HARNESS_MODEL_UNREADABLE', message: expect.stringMatching(/not an ONNX ModelProto/) });
  });
});
