import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useFamily } from '../matrix/harness/index.js';
import { isTransient, retryTransient } from '../matrix/harness/retry-transient.js';
import type { CellResult } from '../matrix/harness/types.js';
import { rowToCell } from '../matrix/store/cell-row.js';
import { withStore } from '../matrix/store/open-store.js';
import { alwaysWrongShape, failsOnceThenPasses, FILL_MASK } from './fixtures/reporter/flaky-bodies.js';
import { CPU_ONLY, fakeContext, forgeInto, removeDir } from './harness-fixtures.js';
import { spawnChild as child } from './spawn-child.js';

let forged = '';
let dir = '';
beforeAll(async () => {
  forged = await forgeInto(['bert']);
  dir = mkdtempSync(join(tmpdir(), 'harness-retries-'));
});
afterAll(() => [forged, dir].forEach(removeDir));

async function fp32Cell(env: Record<string, string>) {
  const fam = await useFamily({ family: 'bert', archKind: 'encoder-only' }, { devices: CPU_ONLY, forgedDir: forged, cacheDir: null, env: { MATRIX_DTYPES: 'fp32', ...env } });
  return fam.cells(FILL_MASK)[0]!;
}

describe('honest retries in the harness', () => {
  it('a cell that fails out-of-memory once and then passes is stored as a flaky pass with retries 1', async () => {
    const { ctx, record } = fakeContext();
    await (await fp32Cell({ MATRIX_RETRIES: '2' })).run(ctx, failsOnceThenPasses(mkdtempSync(join(dir, 'a-'))));
    expect(record.meta.matrix).toMatchObject({ status: 'pass', inference: 'real', retries: 1, flaky: true });
  });

  it('without MATRIX_RETRIES (local default 0) the same cell fails and is not retried', async () => {
    const { ctx, record } = fakeContext();
    await expect((await fp32Cell({})).run(ctx, failsOnceThenPasses(mkdtempSync(join(dir, 'b-'))))).rejects.toThrow(/out-of-memory/);
    expect(record.meta.matrix).toMatchObject({ status: 'fail', errorType: 'out-of-memory' });
    expect(record.meta.matrix).not.toHaveProperty('retries');
    expect(record.meta.matrix).not.toHaveProperty('flaky');
  });

  it('a timeout is retried; retries run out and the last failure is stored with its count, not flaky', async () => {
    const { ctx, record } = fakeContext();
    // A mock source: nothing to load, so every attempt reaches the body however busy the machine is.
    const cell = (await useFamily({ family: 'bert', archKind: 'encoder-only' }, { devices: CPU_ONLY, forgedDir: '', cacheDir: null, cellTimeoutMs: 200, env: { MATRIX_DTYPES: 'fp32', MATRIX_RETRIES: '2' } })).cells(FILL_MASK)[0]!;
    let calls = 0;
    await expect(cell.run(ctx, async () => {
      calls += 1;
      await new Promise((r) => setTimeout(r, 400));
    })).rejects.toThrow(/timeout/);
    expect(calls).toBe(3);
    expect(record.meta.matrix).toMatchObject({ status: 'fail', errorType: 'timeout', retries: 2, inference: 'mock' });
    expect(record.meta.matrix).not.toHaveProperty('flaky');
  });

  it('a deterministic failure (assertion) is never retried', async () => {
    const { ctx, record } = fakeContext();
    const calls = { n: 0 };
    await expect((await fp32Cell({ MATRIX_RETRIES: '2' })).run(ctx, alwaysWrongShape(calls))).rejects.toThrow();
    expect(calls.n).toBe(1);
    expect(record.meta.matrix).toMatchObject({ status: 'fail', errorType: 'assertion' });
    expect(record.meta.matrix).not.toHaveProperty('retries');
  });

  it('only timeout, out-of-memory and crashed are transient; a re-run after a crash counts its earlier attempt', async () => {
    const fail = (errorType: string): CellResult => ({ key: { family: 'b', archKind: 'other', task: 't', modelId: 'o/m', platform: 'node', device: 'cpu', dtype: 'fp32', batchSize: 1 }, source: 'forged', inference: 'real', status: 'fail', stage: 'infer', errorType, message: 'x' }) as CellResult;
    expect(['timeout', 'out-of-memory', 'crashed', 'assertion', 'unsupported-op', 'missing-file', 'unknown'].map((t) => isTransient(fail(t)))).toEqual([true, true, true, false, false, false, false]);
    const pass = { ...fail('timeout'), status: 'pass' } as unknown as CellResult;
    expect((await retryTransient(async () => ({ result: pass }), { maxRetries: 0, priorAttempts: 1 })).result).toMatchObject({ retries: 1, flaky: true });
    expect((await retryTransient(async () => ({ result: pass }), { maxRetries: 2, priorAttempts: 0 })).result).toBe(pass);
  });

  it('a bad MATRIX_RETRIES is a coded error naming the variable', async () => {
    await expect(fp32Cell({ MATRIX_RETRIES: 'two' })).rejects.toMatchObject({ code: 'HARNESS_BAD_ENV', message: expect.stringContaining('MATRIX_RETRIES="two"') });
    await expect(fp32Cell({ MATRIX_RETRIES: '-1' })).rejects.toMatchObject({ code: 'HARNESS_BAD_ENV' });
  });
});

const RUN_CHILD = join(import.meta.dirname, 'fixtures/reporter/run-matrix-child.ts');
const MATRIX_BIN = join(import.meta.dirname, '../bin/matrix.js');


// Each spawns `matrix run` with a forged model; on a busy shared machine that takes minutes, not seconds.
describe('honest retries end to end: matrix run → store → every report format', { timeout: 240_000 }, () => {
  it('stores the flaky cell as flaky with its retry count, the deterministic failure with none, and every format shows it', async () => {
    const db = join(dir, 'flaky.duckdb');
    const markers = mkdtempSync(join(dir, 'markers-'));
    const run = await child(['--import', 'tsx', RUN_CHILD], { FIXTURE_DB: db, FIXTURE_SET: 'flaky', FIXTURE_RUN_ID: 'flaky-run', FIXTURE_MARKER_DIR: markers, MATRIX_RETRIES: '2', MATRIX_DB: db });
    expect(run.output).toContain('EXIT 0');
    const cells = await withStore({ path: db, readOnly: true }, async (s) =>
      (await s.connection.runAndReadAll('SELECT * FROM results ORDER BY dtype')).getRowObjectsJS().map(rowToCell));
    expect(cells.map((c) => [c.key.dtype, c.status, c.retries ?? 0, c.flaky ?? false])).toEqual([['fp32', 'pass', 1, true], ['q8', 'fail', 0, false]]);

    const report = async (format: string) => {
      const r = await child([MATRIX_BIN, 'report', '--db', db, '--format', format], { MATRIX_DB: db });
      expect(r.code, r.output).toBe(0);
      return r.output;
    };
    expect(await report('terminal')).toMatch(/↻[\s\S]*1 flaky/);
    const md = await report('md');
    expect(md).toContain('🔁');
    expect(md).toContain('1 flaky');
    expect(md).toMatch(/### Flaky cells[\s\S]*\| bert \| fill-mask \| node\/cpu \| fp32 \| 1 \|/);
    expect(await report('csv')).toMatch(/,retries,flaky\r\n[\s\S]*,1,true\r\n/);
    const json = JSON.parse(await report('json')) as { counts: Record<string, number>; cells: Array<{ dtype: string; flaky: boolean; retries: number }> };
    expect(json.counts).toMatchObject({ flaky: 1, pass: 0, fail: 1 });
    expect(json.cells.find((c) => c.dtype === 'fp32')).toMatchObject({ flaky: true, retries: 1 });
    const html = await child([MATRIX_BIN, 'report', '--db', db, '--format', 'html', '--out', join(dir, 'flaky.html')], { MATRIX_DB: db });
    expect(html.code, html.output).toBe(0);
    const { readFileSync } = await import('node:fs');
    const embedded = /<script type="application\/json" id="matrix-data">(.*?)<\/script>/s.exec(readFileSync(join(dir, 'flaky.html'), 'utf8'))![1]!;
    const dashboard = JSON.parse(embedded) as { states: Array<{ name: string }>; grid: { columns: string[]; cells: number[][] } };
    const flakyIndex = dashboard.states.findIndex((st) => st.name === 'flaky');
    expect(dashboard.grid.cells.find((c) => dashboard.grid.columns[c[0]!] === 'node/cpu fp32')?.[2]).toBe(flakyIndex);
  });
});

describe('a crashed worker: matrix run re-runs the unfinished cells once in a fresh worker', { timeout: 240_000 }, () => {
  it('keeps the cell finished before the kill as it was, and stores the killed cell from the re-run with one retry', async () => {
    const db = join(dir, 'dies-once.duckdb');
    const markers = mkdtempSync(join(dir, 'markers-'));
    const run = await child(['--import', 'tsx', RUN_CHILD], { FIXTURE_DB: db, FIXTURE_SET: 'dies-once', FIXTURE_RUN_ID: 'dies-once', FIXTURE_MARKER_DIR: markers, MATRIX_DB: db });
    expect(run.output).toMatch(/the worker of 1 test file\(s\) died \(.*dies-once\.cells\.ts\); running their unfinished cells once more in a fresh worker/);
    expect(run.output).toContain('EXIT 0');
    const rows = await withStore({ path: db, readOnly: true }, async (s) =>
      (await s.connection.runAndReadAll('SELECT run_id, dtype, status, retries, flaky FROM results ORDER BY dtype')).getRowObjectsJS());
    expect(rows).toEqual([
      { run_id: 'dies-once', dtype: 'fp32', status: 'pass', retries: 0, flaky: false },
      expect.objectContaining({ run_id: 'dies-once', dtype: 'q8', retries: 1 }),
    ]);
    expect((rows[1] as { status: string; flaky: boolean }).flaky).toBe((rows[1] as { status: string }).status === 'pass');
  });
});
