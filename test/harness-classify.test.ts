import assert from 'node:assert';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { oneNodeModel } from '../matrix/devices/one-node-model.js';
import { loadOrt } from '../matrix/devices/load-ort.js';
import { classifyError, MAX_MESSAGE_CHARS, scrub } from '../matrix/harness/classify-error.js';
import { withTimeout } from '../matrix/harness/with-timeout.js';

const ort = loadOrt();
const dir = mkdtempSync(path.join(tmpdir(), 'matrix-classify-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The error a real call throws (fails the test if it does not throw). */
async function caught(work: () => unknown): Promise<unknown> {
  try {
    await work();
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to throw');
}

describe('classifyError on real ONNX Runtime errors', () => {
  it('names the op that has no kernel for the requested type', async () => {
    // Max over uint16 is valid ONNX, but ORT's CPU EP has no uint16 Max kernel.
    const error = await caught(() => ort.InferenceSession.create(oneNodeModel({ opType: 'Max', elemType: 4, nodeName: 'n0' })));
    expect(String(error)).toMatch(/Could not find an implementation for Max\(13\) node with name 'n0'/);
    expect(classifyError(error, 'load')).toEqual({
      stage: 'load',
      errorType: 'unsupported-op',
      op: 'Max',
      message: expect.stringContaining('Could not find an implementation for Max(13)'),
    });
  });

  it('names an op unknown to the opset', async () => {
    const error = await caught(() => ort.InferenceSession.create(oneNodeModel({ opType: 'FrobnicateV2' })));
    expect(classifyError(error, 'load')).toMatchObject({ errorType: 'unsupported-op', op: 'FrobnicateV2' });
  });

  it('names a contrib op missing from the runtime', async () => {
    const error = await caught(() => ort.InferenceSession.create(oneNodeModel({ opType: 'FrobnicateV3', domain: 'com.microsoft' })));
    expect(String(error)).toMatch(/com\.microsoft:FrobnicateV3\(-1\) is not a registered function\/op/);
    expect(classifyError(error, 'load')).toMatchObject({ errorType: 'unsupported-op', op: 'FrobnicateV3' });
  });

  it('calls a corrupt model file a corrupt-model load failure, with the runtime’s words (naming the file)', async () => {
    const corrupt = path.join(dir, 'corrupt.onnx');
    writeFileSync(corrupt, Uint8Array.from([8, 7, 18, 255, 255, 255, 1, 2, 3, 250]));
    const error = await caught(() => ort.InferenceSession.create(corrupt));
    const classified = classifyError(error, 'load');
    expect(classified).toMatchObject({ stage: 'load', errorType: 'corrupt-model' });
    expect(classified.message).toMatch(/protobuf parsing failed/i);
    expect(classified.message).toContain(corrupt);
    expect(classified.op).toBeUndefined();
  });

  it('calls a model path that does not exist missing-file', async () => {
    const error = await caught(() => ort.InferenceSession.create(path.join(dir, 'nope', 'model.onnx')));
    expect(classifyError(error, 'load')).toMatchObject({ errorType: 'missing-file', message: expect.stringContaining("File doesn't exist") });
  });

  it('reports bad input dims at infer as unknown, keeping the lines that say why', async () => {
    const session = await ort.InferenceSession.create(oneNodeModel());
    const error = await caught(() =>
      session.run({ a: new ort.Tensor('float32', new Float32Array(3), [3]), b: new ort.Tensor('float32', new Float32Array(2), [2]) }),
    );
    const classified = classifyError(error, 'infer');
    expect(classified).toMatchObject({ stage: 'infer', errorType: 'unknown' });
    expect(classified.message).toMatch(/Got invalid dimensions for input: a[\s\S]*Got: 3 Expected: 2/);
  });
});

describe('classifyError on other real failures', () => {
  it('calls a Node ENOENT missing-file', async () => {
    const error = await caught(() => readFileSync(path.join(dir, 'absent.json')));
    expect(classifyError(error, 'resolve')).toMatchObject({ stage: 'resolve', errorType: 'missing-file' });
  });

  it('calls transformers.js "file was not found locally" missing-file', async () => {
    const { AutoModel, env } = await import('@huggingface/transformers');
    const modelDir = path.join(dir, 'no-onnx');
    await import('node:fs/promises').then((fs) => fs.mkdir(modelDir, { recursive: true }));
    writeFileSync(path.join(modelDir, 'config.json'), JSON.stringify({ model_type: 'bert' }));
    const allowRemote = env.allowRemoteModels;
    env.allowRemoteModels = false;
    try {
      const error = await caught(() => AutoModel.from_pretrained(modelDir));
      expect(classifyError(error, 'load')).toMatchObject({ errorType: 'missing-file', message: expect.stringMatching(/model\.onnx/) });
    } finally {
      env.allowRemoteModels = allowRemote;
    }
  });

  it('calls a failed large allocation out-of-memory', async () => {
    const error = await caught(() => new ArrayBuffer(2 ** 53 - 1));
    expect(String(error)).toMatch(/Array buffer allocation failed/);
    expect(classifyError(error, 'preprocess')).toMatchObject({ errorType: 'out-of-memory' });
  });

  it('recognises native allocator failures as out-of-memory', () => {
    for (const text of [
      'std::bad_alloc',
      '[ONNXRuntimeError] : 6 : RUNTIME_EXCEPTION : Non-zero status code returned while running MatMul node. Failed to allocate memory for requested buffer of size 4294967296',
      'CUDA failure 2: out of memory ; GPU=0',
    ]) {
      expect(classifyError(new Error(text), 'infer').errorType).toBe('out-of-memory');
    }
  });

  it('calls our own timeout timeout, also when it arrives as a plain coded object', async () => {
    const error = await caught(() => withTimeout(new Promise(() => {}), 5, 'bert infer'));
    expect(classifyError(error, 'infer')).toMatchObject({ stage: 'infer', errorType: 'timeout', message: expect.stringContaining('bert infer') });
    expect(classifyError({ code: 'HARNESS_TIMEOUT', message: 'x timed out' }, 'load').errorType).toBe('timeout');
  });

  it('calls a failed vitest expectation and a node:assert failure assertion', async () => {
    const vitestError = await caught(() => expect([1, 2]).toHaveLength(3));
    expect(classifyError(vitestError, 'assert')).toMatchObject({ stage: 'assert', errorType: 'assertion' });
    const nodeError = await caught(() => assert.strictEqual(1, 2));
    expect(classifyError(nodeError, 'assert').errorType).toBe('assertion');
  });

  it('looks through wrapping errors (cause chain) for the op', async () => {
    const inner = await caught(() => ort.InferenceSession.create(oneNodeModel({ opType: 'Max', elemType: 4 })));
    const wrapped = new Error('loading bert fp16 failed', { cause: inner });
    const classified = classifyError(wrapped, 'load');
    expect(classified).toMatchObject({ errorType: 'unsupported-op', op: 'Max' });
    expect(classified.message.split('\n')[0]).toBe('loading bert fp16 failed');
  });

  it('handles values that are not errors', () => {
    expect(classifyError('plain string failure', 'infer')).toEqual({ stage: 'infer', errorType: 'unknown', message: 'plain string failure' });
    expect(classifyError(42, 'infer').message).toBe('42');
    expect(classifyError(null, 'infer').message).toBe('null');
    expect(classifyError(undefined, 'infer').message).toBe('undefined');
    expect(classifyError(new Error(''), 'infer').message).toBe('(no message)');
    expect(classifyError({ message: 'object with a message' }, 'postprocess').message).toBe('object with a message');
  });
});

describe('classifyError messages', () => {
  it('drops stack frames and keeps at most four lines', () => {
    const error = new Error(Array.from({ length: 30 }, (_, i) => `line ${i}`).join('\n'));
    const { message } = classifyError(error, 'infer');
    expect(message.split('\n')).toEqual(['line 0', 'line 1', 'line 2', 'line 3', '…']);
    const thrown = (() => {
      try {
        JSON.parse('{');
      } catch (e) {
        return e;
      }
    })();
    expect(classifyError(thrown, 'preprocess').message).not.toMatch(/\bat .*:\d+:\d+/);
  });

  it('caps the length and strips terminal colours', () => {
    const { message } = classifyError(new Error(`\u001b[1;31m${'x'.repeat(5000)}\u001b[m`), 'load');
    expect(message.length).toBeLessThanOrEqual(MAX_MESSAGE_CHARS);
    expect(message).not.toContain('\u001b');
  });

  it('never carries an HF token, from the message, a cause, or an op name', () => {
    const token = 'hf_AbCdEfGhIjKlMnOpQrStUvWxYz012345';
    const error = new Error(`401 for https://huggingface.co/x with token ${token}`, {
      cause: new Error(`Authorization: Bearer ${token.slice(3)} rejected`),
    });
    const classified = classifyError(error, 'resolve');
    expect(classified.message).not.toContain(token);
    expect(classified.message).not.toContain(token.slice(3));
    expect(classified.message).toContain('hf_***');
    expect(classified.message).toContain('Bearer ***');
    const opError = classifyError(new Error(`Could not find an implementation for ${token}(13) node`), 'load');
    expect(JSON.stringify(opError)).not.toContain(token);
  });

  it('leaves short hf_ words that are not tokens alone', () => {
    expect(scrub('see hf_hub and hf_transfer')).toBe('see hf_hub and hf_transfer');
  });
});
