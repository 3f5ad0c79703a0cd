/**
 * The embedded queue loses nothing: `matrix serve` (a real child process running real jobs on a forged
 * family) is killed with kill -9 while a job runs; the restarted server still has every queued job and
 * queues the running one again, which then passes and is stored with its retry (flaky). A job that was
 * already retried once when the server died is failed "server restarted"; a torn journal line is dropped.
 */
import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { withStore } from '../matrix/store/index.js';
import { body, call, startTestServer, tempDir, testRunner, until, cleanupAfterEach } from './server/server-fixtures.js';
import { spawnCli, type CliChild } from './server/spawn-cli.js';

const cleanup = cleanupAfterEach();

async function serve(dir: string): Promise<{ cli: CliChild; url: string }> {
  const cli = spawnCli(['serve', '--port', '0'], dir);
  cleanup(() => cli.kill9());
  const [, url] = await cli.waitFor(/matrix serve: (http:\/\/127\.0\.0\.1:\d+)/);
  return { cli, url: url! };
}

describe('matrix serve across kill -9', () => {
  it('keeps queued jobs, queues the running one again once, and records the retry on its cells', async () => {
    const tmp = tempDir('restart');
    cleanup(tmp.remove);
    const first = await serve(tmp.dir);
    const running = (await call(`${first.url}/api/benchmark`, { body: body() })).body.id as string;
    const queued = [
      (await call(`${first.url}/api/benchmark`, { body: body({ task: 'fill-mask' }) })).body.id as string,
      (await call(`${first.url}/api/benchmark`, { body: body({ task: 'text-classification' }) })).body.id as string,
    ];
    await until(async () => ((await call(`${first.url}/api/benchmark/${running}`)).body.status === 'running' ? true : undefined));
    await first.cli.kill9();

    const second = await serve(tmp.dir);
    const queue = (await call(`${second.url}/api/queue`)).body;
    expect(queue.status.total).toBe(3);
    const again = queue.queue.find((j: { id: string }) => j.id === running);
    expect(again).toMatchObject({ retries: 1 });
    expect(['pending', 'running']).toContain(again.status);
    for (const id of queued) {
      expect((await call(`${second.url}/api/benchmark/${id}`)).body.status).toBe('pending');
      expect((await call(`${second.url}/api/benchmark/${id}`, { method: 'DELETE' })).body.status).toBe('cancelled');
    }
    const done = await until(async () => {
      const job = (await call(`${second.url}/api/benchmark/${running}`)).body;
      return job.status === 'completed' || job.status === 'failed' ? job : undefined;
    }, 90_000, 'the re-queued job');
    expect(done).toMatchObject({ status: 'completed', attempts: 2, retries: 1 });
    await second.cli.kill9();
    const rows = await withStore({ path: join(tmp.dir, 'matrix.duckdb'), readOnly: true }, async ({ connection }) =>
      (await connection.runAndReadAll("SELECT status, retries, flaky FROM results WHERE task = 'feature-extraction' AND device = 'cpu' AND dtype = 'fp32'")).getRowObjectsJS());
    expect(rows).toEqual([{ status: 'pass', retries: 1, flaky: true }]);
  }, 180_000);
});

describe('the job journal on start', () => {
  it('a clean stop (SIGTERM path) puts the running job back as not started: no retry is counted', async () => {
    const tmp = tempDir('clean-stop');
    cleanup(tmp.remove);
    const runner = testRunner({ hold: true });
    const first = await startTestServer(tmp.dir, { runner });
    const id = (await call(`${first.url}/api/benchmark`, { body: body() })).body.id;
    await until(() => (runner.started.includes(id) ? true : undefined));
    await first.close();
    const second = await startTestServer(tmp.dir, { runner: testRunner() });
    cleanup(() => second.close());
    const job = await until(async () => {
      const j = (await call(`${second.url}/api/benchmark/${id}`)).body;
      return j.status === 'completed' ? j : undefined;
    });
    expect(job).toMatchObject({ attempts: 1, retries: 0 });
  });

  it('fails a job that was running for the second time as "server restarted", and drops a torn last line', async () => {
    const tmp = tempDir('journal');
    cleanup(tmp.remove);
    const journal = join(tmp.dir, 'server', 'jobs.jsonl');
    mkdirSync(join(tmp.dir, 'server'), { recursive: true });
    const config = { platform: 'node', modelId: 'forged/bert', task: 'feature-extraction', mode: 'warm', repeats: 1, dtype: 'fp32', batchSize: 1, device: 'cpu' };
    writeFileSync(journal, `${JSON.stringify({ id: 'twice', config, status: 'running', createdAtMs: 1, startedAtMs: 2, attempts: 2, retries: 1 })}\n`);
    appendFileSync(journal, `${JSON.stringify({ id: 'torn', config, status: 'queued', createdAtMs: 3, attempts: 0, retries: 0 }).slice(0, 40)}`);
    const srv = await startTestServer(tmp.dir);
    cleanup(() => srv.close());
    const job = (await call(`${srv.url}/api/benchmark/twice`)).body;
    expect(job).toMatchObject({ status: 'failed', result: { error: { type: 'server-restarted' } } });
    expect((await call(`${srv.url}/api/benchmark/torn`)).status).toBe(404);
    // A new job after the torn line is journaled whole.
    const id = (await call(`${srv.url}/api/benchmark`, { body: body() })).body.id;
    await until(async () => ((await call(`${srv.url}/api/benchmark/${id}`)).body.status === 'completed' ? true : undefined));
  });
});
