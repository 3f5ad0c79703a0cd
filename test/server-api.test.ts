/**
 * The benchmark server's HTTP API on a loopback port, with the real fetch: the leaderboard's endpoints
 * and ours, bad bodies, an unknown id, cancel, de-duplication, the bounded queue, the token rule, upload
 * through the publish module to the loopback Hub (a Hub 500 leaves the job done), and the store and
 * JSONL history of a finished job.
 */
import { readFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { withStore } from '../matrix/store/index.js';
import { publishUploader, ServerTokenRequiredError, type RunningServer } from '../matrix/server/index.js';
import { startLoopbackHub, type LoopbackHub } from './hub/loopback-hub.js';
import { body, call, startTestServer, tempDir, testRunner, until, cleanupAfterEach } from './server/server-fixtures.js';
import { spawnCli } from './server/spawn-cli.js';

const HF_TOKEN = 'hf_SERVERsentinel0123456789abcdef';
const REPO = 'test-org/bench-results';

const cleanup = cleanupAfterEach();

async function server(options: Parameters<typeof startTestServer>[1] = {}): Promise<{ srv: RunningServer; dir: string }> {
  const tmp = tempDir('server');
  const srv = await startTestServer(tmp.dir, options);
  cleanup(tmp.remove);
  cleanup(() => srv.close());
  return { srv, dir: tmp.dir };
}

async function finished(srv: RunningServer, id: string): Promise<any> {
  return until(async () => {
    const r = await call(`${srv.url}/api/benchmark/${id}`);
    return ['completed', 'failed', 'cancelled'].includes(r.body.status) ? r.body : undefined;
  }, 20_000, `job ${id} to finish`);
}

describe('POST /api/benchmark', () => {
  it('queues a job, runs it, and keeps it in the store and the JSONL history', async () => {
    const { srv, dir } = await server();
    const posted = await call(`${srv.url}/api/benchmark`, { body: body() });
    expect(posted.status).toBe(200);
    expect(posted.body).toMatchObject({ id: expect.any(String), position: expect.any(Number) });
    const job = await finished(srv, posted.body.id);
    // The leaderboard's shape, with a node job's device defaulting to cpu (not webgpu).
    expect(job).toMatchObject({ status: 'completed', platform: 'node', device: 'cpu', modelId: 'forged/bert', result: { metrics: { subsequent_infer_ms: { p50: 2 } } } });
    const history = join(dir, 'results', 'feature-extraction', 'forged', 'bert', 'node_warm_cpu_fp32_b1.jsonl');
    expect(JSON.parse(readFileSync(history, 'utf8').trim()).id).toBe(job.id);
    const rows = await withStore({ path: join(dir, 'matrix.duckdb'), readOnly: true }, async ({ connection }) =>
      (await connection.runAndReadAll('SELECT run_id, status, device FROM results')).getRowObjectsJS());
    expect(rows).toEqual([{ run_id: `run-${job.id}`, status: 'pass', device: 'cpu' }]);
    const list = await call(`${srv.url}/api/benchmarks?modelId=forged/bert`);
    expect(list.body.total).toBe(1);
    expect((await call(`${srv.url}/api/benchmarks?modelId=other/model`)).body.total).toBe(0);
  });

  it('answers a bad body with 400 naming each bad field', async () => {
    const { srv } = await server();
    const bad = await call(`${srv.url}/api/benchmark`, { body: { modelId: '../../etc/passwd', task: 'Feature Extraction', batchSize: 0, platform: 'node', device: 'wasm', dtype: 'int3' } });
    expect(bad.status).toBe(400);
    const fields = bad.body.issues.map((i: { field: string }) => i.field).sort();
    expect(fields).toEqual(['batchSize', 'device', 'dtype', 'modelId', 'task']);
    expect(bad.body.issues.find((i: { field: string }) => i.field === 'device').message).toContain('valid: cpu, cuda, webgpu, dml, coreml');
    expect((await call(`${srv.url}/api/benchmark`, { body: { task: 'feature-extraction' } })).body.issues[0].field).toBe('modelId');
    expect((await call(`${srv.url}/api/benchmark`, { body: '{"modelId": ' })).status).toBe(400);
    expect((await call(`${srv.url}/api/benchmark`, { body: JSON.stringify(body()), headers: { 'content-type': 'text/plain' } })).status).toBe(415);
    expect(await statusOfLargePost(`${srv.url}/api/benchmark`, JSON.stringify({ ...body(), pad: 'x'.repeat(300_000) }))).toBe(413);
    expect((await call(`${srv.url}/api/benchmarks?modelId=../x`)).status).toBe(400);
    expect((await call(`${srv.url}/api/queue`)).body.status.total).toBe(0);
  });

  it('de-duplicates an identical queued configuration and bounds the queue with 429 + Retry-After', async () => {
    const runner = testRunner({ hold: true });
    const { srv } = await server({ runner, maxQueued: 2 });
    const running = await call(`${srv.url}/api/benchmark`, { body: body() });
    expect(running.body.position).toBe(0);
    const a = await call(`${srv.url}/api/benchmark`, { body: body({ dtype: 'fp16' }) });
    const again = await call(`${srv.url}/api/benchmark`, { body: body({ dtype: 'fp16' }) });
    expect(again.body).toMatchObject({ id: a.body.id, deduplicated: true, position: 1 });
    await call(`${srv.url}/api/benchmark`, { body: body({ dtype: 'q8' }) });
    const full = await call(`${srv.url}/api/benchmark`, { body: body({ dtype: 'q4' }) });
    expect(full.status).toBe(429);
    expect(Number(full.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    runner.release();
  });
});

describe('jobs by id', () => {
  it('says 404 for an unknown id, on GET and DELETE', async () => {
    const { srv } = await server();
    expect((await call(`${srv.url}/api/benchmark/no-such-id`)).status).toBe(404);
    expect((await call(`${srv.url}/api/benchmark/no-such-id`, { method: 'DELETE' })).status).toBe(404);
    expect((await call(`${srv.url}/api/benchmarks`, { method: 'DELETE' })).status).toBe(404);
  });

  it('cancels a queued job and a running one, and refuses to cancel a finished one', async () => {
    const runner = testRunner({ hold: true });
    const { srv } = await server({ runner });
    const first = (await call(`${srv.url}/api/benchmark`, { body: body() })).body.id;
    const second = (await call(`${srv.url}/api/benchmark`, { body: body({ dtype: 'fp16' }) })).body.id;
    const cancelQueued = await call(`${srv.url}/api/benchmark/${second}`, { method: 'DELETE' });
    expect(cancelQueued.body.status).toBe('cancelled');
    await until(() => (runner.started.includes(first) ? true : undefined));
    expect((await call(`${srv.url}/api/benchmark/${first}`, { method: 'DELETE' })).status).toBe(200);
    expect((await finished(srv, first)).status).toBe('cancelled');
    expect(runner.started).toEqual([first]);
    expect((await call(`${srv.url}/api/benchmark/${first}`, { method: 'DELETE' })).status).toBe(409);
  });
});

describe('ours: suite, matrix, events, dashboard', () => {
  it('queues a suite all-or-nothing, serves the matrix JSON, streams job events, and shows the dashboard', async () => {
    const { srv } = await server();
    const events = await fetch(`${srv.url}/api/events`);
    const reader = events.body!.getReader();
    const badSuite = await call(`${srv.url}/api/suite`, { body: { jobs: [body(), { modelId: 'x' }] } });
    expect(badSuite.status).toBe(400);
    expect(badSuite.body.issues.map((i: { field: string }) => i.field)).toEqual(['jobs.1.modelId', 'jobs.1.task']);
    const suite = await call(`${srv.url}/api/suite`, { body: { jobs: [body(), body({ task: 'fill-mask' })] } });
    expect(suite.body.total).toBe(2);
    let text = '';
    await until(async () => {
      text += new TextDecoder().decode((await reader.read()).value);
      return (text.match(/"status":"completed"/g) ?? []).length >= 2 ? true : undefined;
    });
    await reader.cancel();
    expect(text).toContain('event: job');
    expect((await call(`${srv.url}/api/matrix`)).body).toEqual({ cells: [] });
    const page = await call(`${srv.url}/`);
    expect(page.body).toContain('/api/events');
    for (const field of ['task', 'platform', 'device', 'mode', 'dtype', 'status']) expect(page.body).toContain(`'${field}'`);
  });
});

describe('security', () => {
  it('refuses a non-loopback host without MATRIX_SERVER_TOKEN', async () => {
    const tmp = tempDir('server-host');
    cleanup(tmp.remove);
    await expect(startTestServer(tmp.dir, { host: '0.0.0.0' })).rejects.toBeInstanceOf(ServerTokenRequiredError);
  });

  it('matrix serve --host 0.0.0.0 without a token exits 2 naming the fix, before listening', async () => {
    const tmp = tempDir('server-cli-host');
    cleanup(tmp.remove);
    const cli = spawnCli(['serve', '--host', '0.0.0.0', '--port', '0'], tmp.dir);
    const code = await new Promise<number | null>((resolve) => cli.child.once('exit', resolve));
    expect(code).toBe(2);
    expect(cli.output()).toContain('SERVER_TOKEN_REQUIRED');
    expect(cli.output()).toContain('MATRIX_SERVER_TOKEN');
    expect(cli.output()).not.toContain('matrix serve: http');
  }, 30_000);

  it('with a token, answers 401 to a change without it and accepts it with it; reads stay open', async () => {
    const { srv } = await server({ token: 's3cret-token' });
    const denied = await call(`${srv.url}/api/benchmark`, { body: body() });
    expect(denied.status).toBe(401);
    expect(JSON.stringify(denied.body)).not.toContain('s3cret-token');
    expect((await call(`${srv.url}/api/benchmark`, { body: body(), headers: { authorization: 'Bearer wrong' } })).status).toBe(401);
    expect((await call(`${srv.url}/api/benchmark`, { body: body(), headers: { authorization: 'Bearer s3cret-token' } })).status).toBe(200);
    expect((await call(`${srv.url}/api/queue`)).status).toBe(200);
  });
});

describe('upload', () => {
  let hub: LoopbackHub;
  async function hubServer(): Promise<RunningServer> {
    hub = await startLoopbackHub();
    cleanup(() => hub.close());
    const uploader = publishUploader({ token: HF_TOKEN, repo: REPO, hubUrl: hub.url, machine: 'test-box' });
    return (await server({ uploader })).srv;
  }

  it('uploads a finished job to the dataset with the leaderboard commit message, and never shows the token', async () => {
    const srv = await hubServer();
    const id = (await call(`${srv.url}/api/benchmark`, { body: body() })).body.id;
    const job = await finished(srv, id);
    expect(job.upload).toBe('uploaded');
    const [commit] = hub.commits({ type: 'dataset', name: REPO });
    expect(commit!.title).toMatch(new RegExp(`^Update benchmark: forged/bert \\(node/feature-extraction\\) · Benchmark ID: ${id} · Status: completed · Timestamp: `));
    expect(commit!.files.some((f) => f.startsWith('feature-extraction/forged/bert/'))).toBe(true);
    for (const path of ['/api/queue', `/api/benchmark/${id}`, '/api/benchmarks']) expect(JSON.stringify((await call(`${srv.url}${path}`)).body)).not.toContain(HF_TOKEN);
  });

  it('keeps the job completed when the Hub answers 500, and uploads it later through POST /api/benchmark/:id/upload', async () => {
    const srv = await hubServer();
    hub.fail('commit', { status: 500, times: 1 });
    const id = (await call(`${srv.url}/api/benchmark`, { body: body() })).body.id;
    const job = await finished(srv, id);
    expect(job.status).toBe('completed');
    expect(job.upload).toMatch(/^failed: /);
    expect(job.upload).not.toContain(HF_TOKEN);
    const retried = await call(`${srv.url}/api/benchmark/${id}/upload`, { method: 'POST' });
    expect(retried.body).toEqual({ id, upload: 'uploaded' });
    const sync = await call(`${srv.url}/api/benchmarks/sync`, { method: 'POST' });
    expect(sync.body).toEqual({ total: 1, uploaded: 1, failed: [] });
  });

  it('says upload is disabled (409) when no uploader is configured', async () => {
    const { srv } = await server();
    const id = (await call(`${srv.url}/api/benchmark`, { body: body() })).body.id;
    await finished(srv, id);
    expect((await call(`${srv.url}/api/benchmark/${id}/upload`, { method: 'POST' })).status).toBe(409);
  });
});

/** The status of a POST whose body the server may refuse before reading it all (fetch reports that as a closed socket). */
function statusOfLargePost(url: string, text: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) } }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', (error) => setTimeout(() => reject(error), 1_000));
    req.end(text);
  });
}
