/**
 * `pullDataset` and `matrix pull` against the loopback Hub: a published history round-trips into another
 * store with its origin recorded, pulling twice adds nothing, `--revision` pulls an older commit, compare
 * works between a pulled and a local run, and a missing, private or foreign dataset is a clear error that
 * leaves the store as it was. Also: file names that need path-segment encoding are read correctly.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HubRepoNotFoundError, publishDataset, pullDataset, PullFormatError, type RetryOptions } from '../matrix/publish/index.js';
import { downloadToFile } from '../matrix/publish/download-to-file.js';
import { runCompare } from '../matrix/report/run-compare.js';
import { rowToCell, withStore } from '../matrix/store/index.js';
import { CELL_VARIANTS, runInfo } from './fixtures/reporter/cells.js';
import { startLoopbackHub, type LoopbackHub } from './hub/loopback-hub.js';
import { childEnv, writeRuns } from './hub/matrix-store.js';

const TOKEN = 'hf_SENTINELtoken0123456789abcdefXYZ';
const REPO = 'test-org/matrix';
const DS = `datasets/${REPO}`;
const BIN = resolve(import.meta.dirname, '../bin/matrix.js');
const retry: RetryOptions = { sleep: async () => undefined, baseDelayMs: 1 };
let hub: LoopbackHub;
let dir: string;
let published: string;
const target = (over: Record<string, unknown> = {}) => ({ repo: REPO, token: TOKEN, hubUrl: hub.url, retry, ...over });
const RUN1 = runInfo({ runId: 'run-1', startedAt: '2025-01-01T00:00:00.000Z' });
const RUN2 = runInfo({ runId: 'run-2', startedAt: '2025-01-02T00:00:00.000Z' });
const sha = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

async function cellsOf(db: string, runId: string) {
  return withStore({ path: db, readOnly: true }, async ({ connection }) =>
    (await connection.runAndReadAll('SELECT * FROM results WHERE run_id = $r ORDER BY result_key', { r: runId })).getRowObjectsJS().map(rowToCell),
  );
}

beforeEach(async () => {
  hub = await startLoopbackHub();
  dir = mkdtempSync(join(tmpdir(), 'publish-pull-'));
  published = join(dir, 'published.duckdb');
  await writeRuns(published, [{ run: RUN1, cells: CELL_VARIANTS }]);
  await publishDataset(target(), { dbPath: published, machine: 'box-a' });
});
afterEach(async () => {
  await hub.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('pullDataset', () => {
  it('round-trips the published rows into another store, remembers the origin, and adds nothing the second time', async () => {
    const db = join(dir, 'mine.duckdb');
    const first = await pullDataset(target(), { dbPath: db });
    const head = hub.commits(DS)[0]!.oid;
    expect(first).toEqual({ origin: `hf://datasets/${REPO}@${head}`, commitOid: head, runsAdded: 1, resultsAdded: 9, runsSkipped: 0 });
    expect(await cellsOf(db, 'run-1')).toEqual(await cellsOf(published, 'run-1'));
    const run = await withStore({ path: db, readOnly: true }, async ({ connection }) => (await connection.runAndReadAll('SELECT * FROM runs')).getRowObjectsJS()[0]!);
    expect(run).toMatchObject({ run_id: 'run-1', machine: 'box-a', host: 'box-a', origin: first.origin, transformers_version: '4.3.1', cells: 9 });
    const again = await pullDataset(target(), { dbPath: db });
    expect(again).toMatchObject({ runsAdded: 0, resultsAdded: 0, runsSkipped: 1 });
    const [count] = await withStore({ path: db, readOnly: true }, async ({ connection }) => (await connection.runAndReadAll('SELECT count(*)::INTEGER AS n FROM results')).getRowObjectsJS());
    expect(count!.n).toBe(9);
  });

  it('pulls an older commit with --revision, and a run measured here is never replaced', async () => {
    const older = hub.commits(DS)[0]!.oid;
    await writeRuns(published, [{ run: RUN2, cells: CELL_VARIANTS.slice(0, 2) }]);
    await publishDataset(target(), { dbPath: published, machine: 'box-a' });
    const db = join(dir, 'mine.duckdb');
    expect(await pullDataset(target(), { dbPath: db, revision: older })).toMatchObject({ runsAdded: 1, resultsAdded: 9, commitOid: older });
    expect(await pullDataset(target(), { dbPath: db })).toMatchObject({ runsAdded: 1, resultsAdded: 2, runsSkipped: 1 });
    expect(await pullDataset(target(), { dbPath: published })).toMatchObject({ runsAdded: 0, runsSkipped: 2 });
  });

  it('lets compare set a pulled run against a local one', async () => {
    const db = join(dir, 'mine.duckdb');
    const slower = CELL_VARIANTS.map((c) => ('measurements' in c && c.status === 'pass' && c.measurements.samplesMs
      ? { ...c, measurements: { ...c.measurements, samplesMs: c.measurements.samplesMs.map((x) => x * 3), latency: { ...c.measurements.latency, p50Ms: c.measurements.latency.p50Ms * 3 } } }
      : c));
    await writeRuns(db, [{ run: runInfo({ runId: 'run-local', startedAt: '2025-03-01T00:00:00.000Z' }), cells: slower }]);
    await pullDataset(target(), { dbPath: db });
    const { text, regressions } = await runCompare({ dbPath: db, base: 'run-1', head: 'run-local', filters: {}, format: 'json', alpha: '0.05', thresholdPercent: '5', colorLevel: 0 });
    expect(text).toContain('run-1');
    expect(text).toContain('run-local');
    expect(regressions).toBe(3); // the three real pass cells (5 samples each) got 3× slower; the mock one is not timed for real
  });

  it('a missing or private dataset: "not found, or private", and the store is left as it was', async () => {
    const db = join(dir, 'mine.duckdb');
    await writeRuns(db, [{ run: runInfo({ runId: 'run-local' }), cells: CELL_VARIANTS.slice(0, 1) }]);
    const before = sha(db);
    const missing = await pullDataset(target({ repo: 'test-org/nope' }), { dbPath: db }).catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(HubRepoNotFoundError);
    expect((missing as Error).message).toContain('datasets/test-org/nope not found, or private: check the name and HF_TOKEN');
    hub.createRepo('datasets/other-org/secret', { private: true });
    await expect(pullDataset({ repo: 'other-org/secret', hubUrl: hub.url, retry }, { dbPath: db })).rejects.toBeInstanceOf(HubRepoNotFoundError);
    expect(sha(db)).toBe(before);
    const fresh = join(dir, 'never.duckdb');
    await expect(pullDataset(target({ repo: 'test-org/nope' }), { dbPath: fresh })).rejects.toThrow(/not found, or private/);
    expect(existsSync(fresh)).toBe(false);
  });

  it('refuses a dataset that is not (or no longer) in a format it reads, before touching the store', async () => {
    const db = join(dir, 'mine.duckdb');
    await writeRuns(db, [{ run: runInfo({ runId: 'run-local' }), cells: CELL_VARIANTS.slice(0, 1) }]);
    const before = sha(db);
    hub.commitFiles(DS, { 'data/format.json': JSON.stringify({ formatVersion: 99 }) });
    await expect(pullDataset(target(), { dbPath: db })).rejects.toBeInstanceOf(PullFormatError);
    hub.createRepo('datasets/test-org/plain', { files: { 'README.md': '# just a dataset' } });
    await expect(pullDataset(target({ repo: 'test-org/plain' }), { dbPath: db })).rejects.toThrow(/has no data\/format.json/);
    expect(sha(db)).toBe(before);
  });

  it('reads file names that need path-segment encoding', async () => {
    const odd = 'notes/a b#1?x=%41&y.json';
    hub.commitFiles(DS, { [odd]: 'odd', 'notes/a b': 'not this one' });
    const to = join(dir, 'odd.json');
    expect(await downloadToFile(target(), odd, 'main', to)).toBe(true);
    expect(readFileSync(to, 'utf8')).toBe('odd');
    expect(hub.requests.some((r) => r.kind === 'resolve' && r.url.includes('a%20b%231%3Fx%3D%2541%26y.json'))).toBe(true);
    expect(await downloadToFile(target(), 'notes/missing #2.json', 'main', to)).toBe(false);
  });
});

describe('matrix pull (CLI)', () => {
  it('pulls, then exits 1 with the not-found message for a missing dataset', async () => {
    const db = join(dir, 'mine.duckdb');
    const cli = (args: string[]) =>
      promisify(execFile)(process.execPath, [BIN, 'pull', ...args], { cwd: dir, env: childEnv({ MATRIX_DB: db, HF_ENDPOINT: hub.url }) }).then(
        ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
        (e: { code: number; stdout: string; stderr: string }) => e,
      );
    const ok = await cli(['--repo', REPO]);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/^Pulled 1 run\(s\), 9 results from hf:\/\/datasets\/test-org\/matrix@[0-9a-f]{40} into /);
    const missing = await cli(['--repo', 'test-org/nope']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/^matrix: HUB_REPO_NOT_FOUND: datasets\/test-org\/nope not found, or private: check the name and HF_TOKEN\./);
  });
});
