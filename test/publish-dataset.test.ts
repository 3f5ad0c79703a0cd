/**
 * `publishDataset` and `matrix publish` against the loopback Hub with the real client: the layout in one
 * commit (per-config JSON, the history Parquet through LFS, format.json, the dataset card), republishing,
 * a second machine, the 412 path, two publishers racing, a 500 that leaves local data alone, the dry run,
 * and the CLI's exit codes with a sentinel token that shows up nowhere.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { parse } from 'yaml';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dryRunDataset, publishAfterRun, publishDataset, PublishUploadError, type RetryOptions } from '../matrix/publish/index.js';
import { CELL_VARIANTS, runInfo } from './fixtures/reporter/cells.js';
import { startLoopbackHub, type LoopbackHub } from './hub/loopback-hub.js';
import { childEnv, queryParquet, writeRuns } from './hub/matrix-store.js';

const TOKEN = 'hf_SENTINELtoken0123456789abcdefXYZ';
const REPO = 'test-org/matrix';
const DS = `datasets/${REPO}`;
const BIN = resolve(import.meta.dirname, '../bin/matrix.js');
let hub: LoopbackHub;
let dir: string;
const retry: RetryOptions = { sleep: async () => undefined, baseDelayMs: 1 };
const target = () => ({ repo: REPO, token: TOKEN, hubUrl: hub.url, retry });
const RUN1 = runInfo({ runId: 'run-1', startedAt: '2025-01-01T00:00:00.000Z' });
const RUN2 = runInfo({ runId: 'run-2', startedAt: '2025-01-02T00:00:00.000Z' });

beforeEach(async () => {
  hub = await startLoopbackHub();
  dir = mkdtempSync(join(tmpdir(), 'publish-dataset-'));
});
afterEach(async () => {
  await hub.close();
  rmSync(dir, { recursive: true, force: true });
});

const jsonFiles = (): string[] => [...hub.files(DS)!.keys()].filter((p) => p.endsWith('.json') && !p.startsWith('data/')).sort();
const historyRows = async (sql = 'SELECT run_id, result_key, machine FROM p ORDER BY ALL') => queryParquet(hub.read(DS, 'data/results.parquet')!, dir, sql);

describe('publishDataset', () => {
  it('creates the repo and commits the whole layout in one commit', async () => {
    const db = join(dir, 'a.duckdb');
    await writeRuns(db, [{ run: RUN1, cells: CELL_VARIANTS }]);
    const out = await publishDataset(target(), { dbPath: db, machine: 'box-a' });
    expect(out.createdRepo).toBe(true);
    const commits = hub.commits(DS);
    expect(commits).toHaveLength(2);
    expect(commits[0]!.oid).toBe(out.commitOid);
    expect(commits[0]!.title).toBe('Update matrix: 9 cells (4 pass, 2 fail, 1 mismatch, 1 unsupported, 1 skip) from run run-1 on box-a');
    expect(jsonFiles()).toHaveLength(CELL_VARIANTS.length);
    expect(jsonFiles()).toContain('automatic-speech-recognition/openai/whisper-tiny/node_warm_cpu_fp32_b2_box-a.json');
    expect(hub.isLfs(DS, 'data/results.parquet')).toBe(true);
    expect(hub.requests.some((r) => r.kind === 'lfs-upload')).toBe(true);
    const rows = await historyRows();
    expect(rows).toHaveLength(CELL_VARIANTS.length);
    expect(new Set(rows.map((r) => r.machine))).toEqual(new Set(['box-a']));
    const [columns] = await historyRows('SELECT * FROM p LIMIT 1');
    expect(columns).not.toHaveProperty('host');
    expect(columns).toHaveProperty('run_transformers_version', '4.3.1');
    const format = JSON.parse(hub.read(DS, 'data/format.json')!.toString());
    expect(format).toMatchObject({ format: 'model-matrix/results', formatVersion: 1, history: { rows: 9, runs: 1, machines: 1 } });
    expect(format.columns.map((c: { name: string }) => c.name)).toEqual(expect.arrayContaining(['result_key', 'machine', 'run_started_at', 'samples_ms']));
    const card = hub.read(DS, 'README.md')!.toString();
    const front = parse(card.split('---\n')[1]!);
    expect(front.configs).toEqual([{ config_name: 'results', data_files: [{ split: 'train', path: 'data/results.parquet' }], default: true }]);
    expect(card).toContain('| family | node/coreml | node/cpu | node/cuda | node/dml | node/webgpu |');
    expect(card).toMatch(/\| bert \| ❌ 0\/1 \| ⚠️ 2\/3 \| ❌ 0\/1 \|/);
    expect(card).toContain('machine label');
  });

  it('republishing overwrites the per-config files and extends the history', async () => {
    const db = join(dir, 'a.duckdb');
    await writeRuns(db, [{ run: RUN1, cells: CELL_VARIANTS }]);
    await publishDataset(target(), { dbPath: db, machine: 'box-a' });
    await writeRuns(db, [{ run: RUN2, cells: CELL_VARIANTS.slice(0, 2) }]);
    const out = await publishDataset(target(), { dbPath: db, machine: 'box-a' });
    expect(out.createdRepo).toBe(false);
    expect(out.title).toMatch(/^Update matrix: 9 cells .* from 2 runs \(latest run-2\) on box-a$/);
    expect(JSON.parse(hub.read(DS, 'feature-extraction/forged/bert/node_warm_cpu_fp32_b1_box-a.json')!.toString()).matrix.runId).toBe('run-2');
    expect(JSON.parse(hub.read(DS, 'feature-extraction/forged/bert/node_warm_cuda_fp32_b1_box-a.json')!.toString()).matrix.runId).toBe('run-1');
    expect(await historyRows('SELECT run_id, count(*)::INTEGER AS n FROM p GROUP BY run_id ORDER BY run_id')).toEqual([{ run_id: 'run-1', n: 9 }, { run_id: 'run-2', n: 2 }]);
  });

  it('a second machine publishes beside the first: both sets of files, both histories', async () => {
    const a = join(dir, 'a.duckdb');
    const b = join(dir, 'b.duckdb');
    await writeRuns(a, [{ run: RUN1, cells: CELL_VARIANTS }]);
    await writeRuns(b, [{ run: runInfo({ runId: 'run-b', startedAt: '2025-01-03T00:00:00.000Z' }), cells: CELL_VARIANTS.slice(0, 3) }]);
    await publishDataset(target(), { dbPath: a, machine: 'box-a' });
    await publishDataset(target(), { dbPath: b, machine: 'box-b' });
    expect(jsonFiles().filter((p) => p.endsWith('_box-a.json'))).toHaveLength(9);
    expect(jsonFiles().filter((p) => p.endsWith('_box-b.json'))).toHaveLength(3);
    expect(await historyRows('SELECT machine, count(*)::INTEGER AS n FROM p GROUP BY machine ORDER BY machine')).toEqual([{ machine: 'box-a', n: 9 }, { machine: 'box-b', n: 3 }]);
    expect(hub.read(DS, 'README.md')!.toString()).toContain('from 2 machine(s): `box-a`, `box-b`');
  });

  it('converges on a 412: a publish that lands in between is merged, not overwritten', async () => {
    const a = join(dir, 'a.duckdb');
    const b = join(dir, 'b.duckdb');
    await writeRuns(a, [{ run: RUN1, cells: CELL_VARIANTS }]);
    await writeRuns(b, [{ run: runInfo({ runId: 'run-b' }), cells: CELL_VARIANTS.slice(0, 3) }]);
    await publishDataset(target(), { dbPath: a, machine: 'box-a' }); // the repo exists with a history
    let other: Promise<unknown> | undefined;
    hub.before('commit', async () => {
      other = publishDataset(target(), { dbPath: b, machine: 'box-b' });
      await other;
    });
    await writeRuns(a, [{ run: RUN2, cells: CELL_VARIANTS.slice(0, 1) }]);
    const out = await publishDataset(target(), { dbPath: a, machine: 'box-a' });
    await other;
    expect(out.attempts).toBe(2);
    expect(hub.requests.filter((r) => r.kind === 'commit').map((r) => r.status)).toEqual([200, 412, 200, 200]); // recorded on arrival: the 412 one arrived before the other publisher's
    expect(await historyRows('SELECT run_id, count(*)::INTEGER AS n FROM p GROUP BY run_id ORDER BY run_id')).toEqual([
      { run_id: 'run-1', n: 9 }, { run_id: 'run-2', n: 1 }, { run_id: 'run-b', n: 3 },
    ]);
    expect(jsonFiles().filter((p) => p.endsWith('_box-b.json'))).toHaveLength(3);
  });

  it('two publishers racing both land, and the history holds both', async () => {
    const a = join(dir, 'a.duckdb');
    const b = join(dir, 'b.duckdb');
    await writeRuns(a, [{ run: RUN1, cells: CELL_VARIANTS }]);
    await writeRuns(b, [{ run: runInfo({ runId: 'run-b' }), cells: CELL_VARIANTS.slice(0, 4) }]);
    hub.createRepo(DS);
    const [x, y] = await Promise.all([publishDataset(target(), { dbPath: a, machine: 'box-a' }), publishDataset(target(), { dbPath: b, machine: 'box-b' })]);
    expect(x.attempts + y.attempts).toBeGreaterThanOrEqual(2);
    expect(await historyRows('SELECT machine, count(*)::INTEGER AS n FROM p GROUP BY machine ORDER BY machine')).toEqual([{ machine: 'box-a', n: 9 }, { machine: 'box-b', n: 4 }]);
    expect(jsonFiles()).toHaveLength(13);
  });

  it('a 500 fails the publish and leaves the local store and the dataset as they were', async () => {
    const db = join(dir, 'a.duckdb');
    await writeRuns(db, [{ run: RUN1, cells: CELL_VARIANTS }]);
    await publishDataset(target(), { dbPath: db, machine: 'box-a' });
    const before = createHash('sha256').update(readFileSync(db)).digest('hex');
    const commits = hub.commits(DS).length;
    hub.fail('commit', { status: 500, times: Infinity });
    await expect(publishDataset(target(), { dbPath: db, machine: 'box-a' })).rejects.toBeInstanceOf(PublishUploadError);
    expect(createHash('sha256').update(readFileSync(db)).digest('hex')).toBe(before);
    expect(hub.commits(DS)).toHaveLength(commits);
  });

  it('--dry-run writes exactly the files a first publish commits', async () => {
    const db = join(dir, 'a.duckdb');
    await writeRuns(db, [{ run: RUN1, cells: CELL_VARIANTS }]);
    const out = join(dir, 'dry');
    const dry = await dryRunDataset({ dbPath: db, repo: REPO, machine: 'box-a', out });
    await publishDataset(target(), { dbPath: db, machine: 'box-a' });
    const committed = [...hub.files(DS)!.keys()].filter((p) => p !== '.gitattributes').sort();
    expect(dry.files).toEqual(committed);
    for (const path of committed.filter((p) => p.endsWith('.json') || p.endsWith('.md'))) {
      expect(readFileSync(join(out, path), 'utf8')).toBe(hub.read(DS, path)!.toString());
    }
    expect(existsSync(join(out, 'data/results.parquet'))).toBe(true);
    expect(hub.requests.filter((r) => r.kind === 'commit')).toHaveLength(1); // the dry run sent nothing
  });
});

describe('publishAfterRun (matrix run --publish)', () => {
  it('publishes, skips with one line without a token, and logs a failure without throwing or leaking the token', async () => {
    const db = join(dir, 'a.duckdb');
    await writeRuns(db, [{ run: RUN1, cells: CELL_VARIANTS }]);
    const lines: string[] = [];
    const log = (line: string) => void lines.push(line);
    const env = { HF_TOKEN: TOKEN, HF_ENDPOINT: hub.url, HF_DATASET_REPO: REPO, MATRIX_MACHINE: 'run-box' };
    expect(await publishAfterRun({ dbPath: db, env, cwd: dir, retry, log })).toBe('published');
    expect(await publishAfterRun({ dbPath: db, env: { HF_DATASET_REPO: REPO }, cwd: dir, retry, log })).toBe('skipped');
    hub.fail('preupload', { status: 500, times: Infinity, body: { error: `bad token ${TOKEN}` } });
    expect(await publishAfterRun({ dbPath: db, env, cwd: dir, retry, log })).toBe('failed');
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(/^Published 12 files/);
    expect(lines[1]).toMatch(/^publish skipped: no HF_TOKEN/);
    expect(lines[2]).toMatch(/^publish failed \(the run's results are safe in .*\): PUBLISH_UPLOAD_FAILED: .*HTTP 500/);
    expect(lines.join('\n')).not.toContain('SENTINEL');
  });
});

describe('matrix publish (CLI)', () => {
  async function cli(args: string[], env: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> {
    try {
      const { stdout, stderr } = await promisify(execFile)(process.execPath, [BIN, 'publish', ...args], { cwd: dir, env: childEnv(env) });
      return { code: 0, stdout, stderr };
    } catch (error) {
      const e = error as { code: number; stdout: string; stderr: string };
      return { code: e.code, stdout: e.stdout, stderr: e.stderr };
    }
  }

  it('publishes, says how to enable it without a token, exits 1 on a failed upload and 2 on bad input; the token appears nowhere', async () => {
    const db = join(dir, 'a.duckdb');
    await writeRuns(db, [{ run: RUN1, cells: CELL_VARIANTS }]);
    const env = { MATRIX_DB: db, HF_ENDPOINT: hub.url, HF_TOKEN: TOKEN, MATRIX_MACHINE: 'cli-box' };
    const ok = await cli(['--repo', REPO], env);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/^Published 12 files to datasets\/test-org\/matrix in commit [0-9a-f]{12}: Update matrix: 9 cells/);
    expect(jsonFiles().every((p) => p.endsWith('_cli-box.json'))).toBe(true);

    const skipped = await cli(['--repo', REPO], { MATRIX_DB: db, HF_ENDPOINT: hub.url });
    expect(skipped.code).toBe(0);
    expect(skipped.stdout.trim().split('\n')).toHaveLength(1);
    expect(skipped.stdout).toMatch(/publish skipped: no HF_TOKEN\. To publish, set HF_TOKEN/);

    hub.fail('commit', { status: 500, times: Infinity, body: { error: `internal error for token ${TOKEN}` } });
    const failed = await cli([], { ...env, HF_DATASET_REPO: REPO });
    expect(failed.code).toBe(1);
    expect(failed.stderr).toMatch(/^matrix: PUBLISH_UPLOAD_FAILED: Committing to datasets\/test-org\/matrix failed: HTTP 500/);

    const bad = await cli(['--repo', 'not a repo'], env);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/PUBLISH_BAD_SETTING/);

    for (const r of [ok, skipped, failed, bad]) expect(r.stdout + r.stderr).not.toContain('SENTINEL');
    for (const r of hub.requests) expect(JSON.stringify(r)).not.toContain('SENTINEL');
    for (const [, content] of hub.files(DS)!) expect(content.toString('latin1')).not.toContain('SENTINEL');
    expect(readFileSync(db).toString('latin1')).not.toContain('SENTINEL');
    expect(readdirSync(dir).filter((f) => f.endsWith('.parquet'))).toEqual([]);
  });
});
