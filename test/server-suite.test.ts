/**
 * POST /api/suite takes a suite (matrix/suite's schema and messages): JSON, YAML, or the name of a
 * predefined suite, expanded to one job per family × task × device × dtype, all queued or none. A
 * malformed suite is a 400 naming each bad field; a suite never reads the server's environment.
 */
import { describe, expect, it } from 'vitest';
import { call, cleanupAfterEach, startTestServer, tempDir, testRunner } from './server/server-fixtures.js';

const cleanup = cleanupAfterEach();

async function server(options: Parameters<typeof startTestServer>[1] = {}) {
  const tmp = tempDir('suite');
  cleanup(tmp.remove);
  // A held runner: jobs stay queued, so the test sees what the suite queued.
  const srv = await startTestServer(tmp.dir, { runner: testRunner({ hold: true }), ...options });
  cleanup(() => srv.close());
  return srv;
}

type Posted = { family: string; task: string; device: string; dtype: string };
const shape = (jobs: Posted[]) => jobs.map((j) => `${j.family}/${j.task}/${j.device}/${j.dtype}`).sort();

describe('POST /api/suite', () => {
  it('expands a JSON suite to one job per family × task × device × dtype', async () => {
    const srv = await server();
    const posted = await call(`${srv.url}/api/suite`, { body: { name: 'mine', models: [{ family: 'bert' }, { family: 'gpt2' }], tasks: ['feature-extraction', 'text-generation'], dtypes: ['fp32', 'q8'] } });
    expect(posted.status).toBe(200);
    expect(posted.body.suite).toBe('mine');
    expect(shape(posted.body.jobs)).toEqual(['bert/feature-extraction/cpu/fp32', 'bert/feature-extraction/cpu/q8', 'gpt2/feature-extraction/cpu/fp32', 'gpt2/feature-extraction/cpu/q8', 'gpt2/text-generation/cpu/fp32', 'gpt2/text-generation/cpu/q8']);
    expect((await call(`${srv.url}/api/queue`)).body.status.total).toBe(6);
    // The same suite again: each job still waiting is the same job; the one running (held) is queued anew.
    const again = await call(`${srv.url}/api/suite`, { body: { name: 'mine', models: [{ family: 'bert' }, { family: 'gpt2' }], tasks: ['feature-extraction', 'text-generation'], dtypes: ['fp32', 'q8'] } });
    expect(again.body.jobs.filter((j: { deduplicated: boolean }) => j.deduplicated)).toHaveLength(5);
    expect((await call(`${srv.url}/api/queue`)).body.status.total).toBe(7);
  });

  it('takes YAML, every task of a family when tasks are omitted, and a predefined suite by name', async () => {
    const srv = await server();
    const yaml = 'models:\n  - family: bert\ndevices: [cpu]\n';
    const response = await fetch(`${srv.url}/api/suite`, { method: 'POST', headers: { 'content-type': 'application/yaml' }, body: yaml });
    const posted = (await response.json()) as { jobs: Posted[] };
    expect(response.status).toBe(200);
    expect(posted.jobs.map((j) => j.task).sort()).toEqual(['feature-extraction', 'fill-mask', 'question-answering', 'text-classification', 'token-classification']);
    const smoke = await call(`${srv.url}/api/suite`, { body: { suite: 'smoke' } });
    expect(smoke.status).toBe(200);
    expect(smoke.body.suite).toBe('smoke');
    expect(new Set(smoke.body.jobs.map((j: Posted) => j.family))).toEqual(new Set(['bert', 'gpt2', 't5', 'vit', 'wav2vec2', 'clip', 'patchtst']));
    expect(new Set(smoke.body.jobs.map((j: Posted) => j.dtype))).toEqual(new Set(['fp32', 'q8']));
  });

  it('answers a malformed suite with 400 naming each bad field and queues nothing', async () => {
    const srv = await server();
    const bad = await call(`${srv.url}/api/suite`, { body: { models: [{ family: 'bert', dtype: 'fp32' }, { family: 'nosuch' }], dtypes: ['q5'], devices: ['tpu'] } });
    expect(bad.status).toBe(400);
    const fields = bad.body.issues.map((i: { field: string }) => i.field);
    expect(fields).toEqual(expect.arrayContaining(['models[0].dtype', 'dtypes[0]', 'devices[0]']));
    expect(bad.body.issues.find((i: { field: string }) => i.field === 'dtypes[0]').message).toContain('is not one of fp32');
    expect(bad.body.issues.find((i: { field: string }) => i.field === 'models[0].dtype').message).toContain('unknown key');
    const testMode = await call(`${srv.url}/api/suite`, { body: { models: [{ family: 'bert' }], batchSizes: [2] } });
    expect(testMode.body.issues).toEqual([{ field: 'batchSizes', message: expect.stringContaining('needs mode: bench') }]);
    const unknownFamily = await call(`${srv.url}/api/suite`, { body: { models: [{ family: 'bert' }, { family: 'nosuch' }] } });
    expect(unknownFamily.status).toBe(400);
    expect(unknownFamily.body.issues).toEqual([{ field: 'models[1].family', message: expect.stringContaining('"nosuch"') }]);
    const badName = await call(`${srv.url}/api/suite`, { body: { suite: '../../etc/passwd' } });
    expect(badName.status).toBe(400);
    expect(badName.body.issues[0]).toMatchObject({ field: 'suite', message: expect.stringContaining('smoke') });
    const bench = await call(`${srv.url}/api/suite`, { body: { mode: 'bench', models: [{ id: 'Xenova/bert-base-uncased' }] } });
    expect(bench.body.issues[0].field).toBe('mode');
    const notYaml = await fetch(`${srv.url}/api/suite`, { method: 'POST', headers: { 'content-type': 'text/yaml' }, body: 'models: [' });
    expect(notYaml.status).toBe(400);
    expect((await call(`${srv.url}/api/queue`)).body.status.total).toBe(0);
  });

  it('never substitutes the server environment into a posted suite', async () => {
    process.env.MATRIX_TEST_SECRET = 'hf_suiteSECRET0123456789';
    cleanup(() => void delete process.env.MATRIX_TEST_SECRET);
    const srv = await server();
    const posted = await call(`${srv.url}/api/suite`, { body: { models: [{ family: '${MATRIX_TEST_SECRET}' }] } });
    expect(posted.status).toBe(400);
    expect(JSON.stringify(posted.body)).not.toContain('hf_suiteSECRET');
  });

  it('queues all of a suite or none when the queue cannot take it (429)', async () => {
    const srv = await server({ maxQueued: 3 });
    const full = await call(`${srv.url}/api/suite`, { body: { models: [{ family: 'bert' }] } });
    expect(full.status).toBe(429);
    expect(full.headers.get('retry-after')).toMatch(/^\d+$/);
    expect((await call(`${srv.url}/api/queue`)).body.status.total).toBe(0);
  });
});
