/**
 * Web jobs through the web platform: a web/wasm job of a forged family runs in Debian's Chromium (the
 * CLI runner's child is `matrix run --platform node,web` with the job's web device and dtype), and its
 * cell is stored in the server's store with browser 'chromium'. A browser the web platform cannot drive
 * is a 400 naming the field and the valid values.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cliJobRunner } from '../matrix/server/index.js';
import { withStore } from '../matrix/store/index.js';
import { body, call, cleanupAfterEach, startTestServer, tempDir, until } from './server/server-fixtures.js';

const cleanup = cleanupAfterEach();

describe('web jobs', () => {
  it('runs a web/wasm job of a forged family in Chromium and stores its cell with browser chromium', async () => {
    const tmp = tempDir('web-job');
    cleanup(tmp.remove);
    const env: NodeJS.ProcessEnv = { ...process.env };
    for (const name of ['MATRIX_CELL_JOURNAL', 'MATRIX_RUN_ID', 'MATRIX_MODELS']) delete env[name];
    const srv = await startTestServer(tmp.dir, { runner: cliJobRunner({ env }) });
    cleanup(() => srv.close());
    const posted = await call(`${srv.url}/api/benchmark`, { body: body({ platform: 'web', device: 'wasm', dtype: 'fp32', browser: 'chromium' }) });
    expect(posted.status).toBe(200);
    const job = await until(async () => {
      const j = (await call(`${srv.url}/api/benchmark/${posted.body.id}`)).body;
      return j.status === 'completed' || j.status === 'failed' ? j : undefined;
    }, 150_000, 'the web job');
    expect(job.status, JSON.stringify(job.error)).toBe('completed');
    expect(job).toMatchObject({ platform: 'web', device: 'wasm', browser: 'chromium' });
    const rows = await withStore({ path: join(tmp.dir, 'matrix.duckdb'), readOnly: true }, async ({ connection }) =>
      (await connection.runAndReadAll("SELECT platform, device, dtype, browser, status FROM results WHERE task = 'feature-extraction' AND platform = 'web'")).getRowObjectsJS());
    expect(rows).toEqual([{ platform: 'web', device: 'wasm', dtype: 'fp32', browser: 'chromium', status: 'pass' }]);
  }, 200_000);

  it('answers a browser it cannot drive with 400 naming the field and the valid values', async () => {
    const tmp = tempDir('web-bad');
    cleanup(tmp.remove);
    const srv = await startTestServer(tmp.dir);
    cleanup(() => srv.close());
    for (const browser of ['firefox', 'webkit', 'safari']) {
      const bad = await call(`${srv.url}/api/benchmark`, { body: body({ platform: 'web', device: 'wasm', browser }) });
      expect(bad.status).toBe(400);
      expect(bad.body.issues).toHaveLength(1);
      expect(bad.body.issues[0].field).toBe('browser');
      expect(bad.body.issues[0].message).toContain('chromium');
    }
    expect((await call(`${srv.url}/api/queue`)).body.status.total).toBe(0);
  });
});
