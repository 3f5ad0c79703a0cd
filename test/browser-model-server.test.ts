import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NotServedError, servedPath, startModelServer, type ModelServer } from '../matrix/browser/index.js';

let dir: string;
let server: ModelServer;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'browser-server-'));
  mkdirSync(join(dir, 'models', 'bert', 'fill-mask'), { recursive: true });
  writeFileSync(join(dir, 'models', 'bert', 'fill-mask', 'config.json'), '{"model_type":"bert"}');
  writeFileSync(join(dir, 'secret.txt'), 'not for the page');
  mkdirSync(join(dir, 'tjs'));
  writeFileSync(join(dir, 'tjs', 'transformers.js'), 'export {}');
  server = await startModelServer({ roots: [join(dir, 'models')], transformersDist: join(dir, 'tjs'), ortDist: join(dir, 'ort-missing') });
});
afterAll(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('the model server of the page', () => {
  it('serves model files, the bundle and the runner on loopback with the cross-origin isolation headers', async () => {
    expect(server.origin).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const config = await fetch(`${server.origin}/models/0/bert/fill-mask/config.json`);
    expect(config.status).toBe(200);
    expect(await config.json()).toEqual({ model_type: 'bert' });
    expect(config.headers.get('cross-origin-opener-policy')).toBe('same-origin');
    expect(config.headers.get('cross-origin-embedder-policy')).toBe('require-corp');
    expect((await fetch(`${server.origin}/tjs/transformers.js`)).headers.get('content-type')).toBe('text/javascript');
    expect(await (await fetch(`${server.origin}/runner.js`)).text()).toContain('window.matrixRunner');
  });

  it('answers 404 for paths outside its folders, unknown roots and missing files', async () => {
    for (const p of ['/models/0/..%2fsecret.txt', '/models/1/bert/fill-mask/config.json', '/models/x/a', '/ort/ort.wasm', '/etc/passwd', '/models/0/bert/fill-mask']) {
      expect((await fetch(`${server.origin}${p}`)).status, p).toBe(404);
    }
  });

  it('maps a model folder to its URL path, and refuses a folder it does not serve', () => {
    expect(servedPath(join(dir, 'models', 'bert', 'fill-mask'), ['/elsewhere', join(dir, 'models')])).toBe('/models/1/bert/fill-mask');
    expect(() => servedPath(join(dir, 'secret.txt'), [join(dir, 'models')])).toThrow(NotServedError);
    expect(() => servedPath('/tmp/x', [])).toThrow(/serves only no folders[\s\S]*MATRIX_MODELS/);
  });
});
