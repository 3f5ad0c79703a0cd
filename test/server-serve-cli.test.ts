/**
 * The "done when", as a test: `matrix serve` (the real CLI, child process) with HF_TOKEN,
 * HF_DATASET_REPO and HF_ENDPOINT pointing at the loopback Hub; a POST queues a forged bert benchmark,
 * the job runs in its own child, its cells land in the server's store and the JSONL history, it is
 * uploaded with the leaderboard's commit message, and the dashboard is served at /.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { withStore } from '../matrix/store/index.js';
import { startLoopbackHub } from './hub/loopback-hub.js';
import { body, call, tempDir, until, cleanupAfterEach } from './server/server-fixtures.js';
import { spawnCli } from './server/spawn-cli.js';

const TOKEN = 'hf_CLIsentinel0123456789abcdef';
const cleanup = cleanupAfterEach();

it('matrix serve runs a posted forged-family job, stores it, keeps its history and uploads it', async () => {
  const tmp = tempDir('serve-cli');
  cleanup(tmp.remove);
  const hub = await startLoopbackHub();
  cleanup(() => hub.close());
  const cli = spawnCli(['serve', '--port', '0'], tmp.dir, { HF_TOKEN: TOKEN, HF_DATASET_REPO: 'test-org/served', HF_ENDPOINT: hub.url, MATRIX_MACHINE: 'ci-box' });
  cleanup(() => cli.kill9());
  const [line, url] = await cli.waitFor(/matrix serve: (http:\/\/127\.0\.0\.1:\d+).*/);
  expect(line).toContain(`upload enabled: ${hub.url}/datasets/test-org/served`);
  const id = (await call(`${url}/api/benchmark`, { body: body() })).body.id as string;
  const job = await until(async () => {
    const j = (await call(`${url}/api/benchmark/${id}`)).body;
    return j.status === 'completed' || j.status === 'failed' ? j : undefined;
  }, 90_000, 'the job');
  expect(job).toMatchObject({ status: 'completed', upload: 'uploaded' });
  expect(job.result.metrics.subsequent_infer_ms.p50).toBeGreaterThan(0);
  expect(existsSync(join(tmp.dir, 'results', 'feature-extraction', 'forged', 'bert', 'node_warm_cpu_fp32_b1.jsonl'))).toBe(true);
  const [commit] = hub.commits({ type: 'dataset', name: 'test-org/served' });
  expect(commit!.title).toContain(`Update benchmark: forged/bert (node/feature-extraction) · Benchmark ID: ${id} · Status: completed`);
  expect((await call(`${url}/`)).body).toContain('EventSource');
  expect(cli.output()).not.toContain(TOKEN);
  await cli.kill9();
  const rows = await withStore({ path: join(tmp.dir, 'matrix.duckdb'), readOnly: true }, async ({ connection }) =>
    (await connection.runAndReadAll("SELECT status, source FROM results WHERE task = 'feature-extraction' AND device = 'cpu' AND dtype = 'fp32'")).getRowObjectsJS());
  expect(rows).toEqual([{ status: 'pass', source: 'forged' }]);
}, 150_000);
