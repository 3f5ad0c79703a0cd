/**
 * `matrix serve --redis` with workers, on a real redis-server (loopback port, no persistence): each
 * worker takes only jobs for the devices its probe found (one BullMQ queue per platform/device), results
 * come back through Redis and only the server writes the store; a `matrix worker` killed with kill -9
 * mid-job loses its lock, the stalled check of the next worker re-queues the job, and the pass after the
 * retry is stored as flaky.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { DeviceReport } from '../matrix/harness/types.js';
import { runWorker } from '../matrix/server/index.js';
import { withStore } from '../matrix/store/index.js';
import { body, call, startTestServer, tempDir, testRunner, until, cleanupAfterEach } from './server/server-fixtures.js';
import { spawnCli } from './server/spawn-cli.js';
import { startRedis } from './server/start-redis.js';

const cleanup = cleanupAfterEach();

const device = (name: 'cpu' | 'cuda', available: boolean): DeviceReport => ({ platform: 'node', device: name, available, reason: available ? '' : 'not in this test', info: {} });

async function setup() {
  const tmp = tempDir('redis');
  cleanup(tmp.remove);
  const redis = await startRedis();
  cleanup(redis.stop);
  const srv = await startTestServer(tmp.dir, { redisUrl: redis.url });
  cleanup(() => srv.close());
  return { dir: tmp.dir, redis, srv };
}

async function finished(url: string, id: string, timeoutMs = 20_000): Promise<any> {
  return until(async () => {
    const job = (await call(`${url}/api/benchmark/${id}`)).body;
    return ['completed', 'failed', 'cancelled'].includes(job.status) ? job : undefined;
  }, timeoutMs, `job ${id}`);
}

describe('matrix serve --redis', () => {
  it('routes each job to the worker that has its device', async () => {
    const { srv, redis } = await setup();
    const cpuRunner = testRunner();
    const cudaRunner = testRunner();
    const cpuWorker = await runWorker({ redisUrl: redis.url, devices: [device('cpu', true), device('cuda', false)], runner: cpuRunner, log: () => undefined });
    const cudaWorker = await runWorker({ redisUrl: redis.url, devices: [device('cpu', false), device('cuda', true)], runner: cudaRunner, log: () => undefined });
    cleanup(() => cpuWorker.close());
    cleanup(() => cudaWorker.close());
    expect(cpuWorker.queues).toEqual(['matrix-node-cpu']);
    expect(cudaWorker.queues).toEqual(['matrix-node-cuda']);
    const onCpu = [(await call(`${srv.url}/api/benchmark`, { body: body() })).body.id, (await call(`${srv.url}/api/benchmark`, { body: body({ task: 'fill-mask' }) })).body.id];
    const onCuda = (await call(`${srv.url}/api/benchmark`, { body: body({ device: 'cuda' }) })).body.id;
    for (const id of [...onCpu, onCuda]) expect((await finished(srv.url, id)).status).toBe('completed');
    expect(cpuRunner.started.sort()).toEqual([...onCpu].sort());
    expect(cudaRunner.started).toEqual([onCuda]);
    expect((await call(`${srv.url}/api/benchmark/${onCuda}`)).body.queue).toBe('matrix-node-cuda');
  }, 60_000);

  it('a job for a device no worker has stays pending; cancelling it removes it', async () => {
    const { srv, redis } = await setup();
    const cpuWorker = await runWorker({ redisUrl: redis.url, devices: [device('cpu', true)], runner: testRunner(), log: () => undefined });
    cleanup(() => cpuWorker.close());
    const id = (await call(`${srv.url}/api/benchmark`, { body: body({ device: 'coreml' }) })).body.id;
    await new Promise((r) => setTimeout(r, 500));
    expect((await call(`${srv.url}/api/benchmark/${id}`)).body.status).toBe('pending');
    expect((await call(`${srv.url}/api/benchmark/${id}`, { method: 'DELETE' })).body.status).toBe('cancelled');
  }, 30_000);

  it('retries the job of a matrix worker killed with kill -9 and stores the pass as flaky', async () => {
    const { srv, redis, dir } = await setup();
    const args = ['worker', '--redis', redis.url, '--devices', 'cpu', '--lock-ms', '2000', '--stalled-ms', '1000'];
    const doomed = spawnCli(args, join(dir, 'w1'));
    cleanup(() => doomed.kill9());
    await doomed.waitFor(/taking jobs from matrix-node-cpu/);
    const id = (await call(`${srv.url}/api/benchmark`, { body: body() })).body.id;
    await doomed.waitFor(new RegExp(`▶ ${id}`));
    await doomed.kill9();
    const rescuer = spawnCli(args, join(dir, 'w2'));
    cleanup(() => rescuer.kill9());
    const job = await finished(srv.url, id, 120_000);
    expect(job).toMatchObject({ status: 'completed', retries: 1 });
    expect(rescuer.output()).toContain(`▶ ${id}`);
    expect(rescuer.output()).toContain('(retry 1)');
    const rows = await withStore({ path: join(dir, 'matrix.duckdb'), readOnly: true }, async ({ connection }) =>
      (await connection.runAndReadAll("SELECT status, retries, flaky FROM results WHERE task = 'feature-extraction' AND device = 'cpu' AND dtype = 'fp32'")).getRowObjectsJS());
    expect(rows).toEqual([{ status: 'pass', retries: 1, flaky: true }]);
  }, 180_000);
});
