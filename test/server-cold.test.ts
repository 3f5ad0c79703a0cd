/**
 * `mode: cold` through transformers.js's own download path: the loopback Hub serves a forged bert under
 * the Hub id its generated family uses; each repeat runs in a fresh child with an empty cache
 * (MATRIX_CACHE_DIR) pointed at the loopback Hub (MATRIX_HUB_URL), so every repeat downloads the model.
 */
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { ensureForged } from '../matrix/forge/ensure-forged.js';
import { cliJobRunner } from '../matrix/server/index.js';
import { readTree } from './forge-media-helpers.js';
import { startLoopbackHub } from './hub/loopback-hub.js';
import { body, call, startTestServer, tempDir, until, cleanupAfterEach } from './server/server-fixtures.js';

const cleanup = cleanupAfterEach();

it('cold mode downloads the model from the (loopback) Hub on every repeat', async () => {
  const tmp = tempDir('cold');
  cleanup(tmp.remove);
  const forged = await ensureForged({ root: join(tmp.dir, 'models') });
  const hub = await startLoopbackHub();
  cleanup(() => hub.close());
  hub.createRepo('Xenova/bert-base-uncased', { files: readTree(join(forged.dir, 'bert', 'feature-extraction')) });
  const env: NodeJS.ProcessEnv = { ...process.env, MATRIX_ALLOW_HUB: '1', MATRIX_HUB_URL: hub.url };
  for (const name of ['MATRIX_CELL_JOURNAL', 'MATRIX_RUN_ID', 'MATRIX_MODELS', 'MATRIX_CACHE_DIR']) delete env[name];
  const srv = await startTestServer(tmp.dir, { runner: cliJobRunner({ env }) });
  cleanup(() => srv.close());
  const id = (await call(`${srv.url}/api/benchmark`, { body: body({ modelId: 'Xenova/bert-base-uncased', mode: 'cold', repeats: 2 }) })).body.id;
  const job = await until(async () => {
    const j = (await call(`${srv.url}/api/benchmark/${id}`)).body;
    return j.status === 'completed' || j.status === 'failed' ? j : undefined;
  }, 150_000, 'the cold job');
  expect(job.status, job.error).toBe('completed');
  expect(job.result.cells.find((c: { key: string }) => c.key.includes('cpu_fp32_b1'))).toMatchObject({ status: 'pass', source: 'hub' });
  expect(job.result.metrics.load_ms.raw).toHaveLength(2);
  const configDownloads = hub.requests.filter((r) => r.kind === 'resolve' && r.url.includes('/Xenova/bert-base-uncased/resolve/') && r.url.endsWith('/config.json'));
  expect(configDownloads.length).toBeGreaterThanOrEqual(2);
}, 200_000);
