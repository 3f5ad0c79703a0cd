import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CellResult } from '../matrix/harness/types.js';
import { rowToCell } from '../matrix/store/cell-row.js';
import { mergeStores } from '../matrix/store/merge-stores.js';
import { withStore } from '../matrix/store/open-store.js';
import { writeRun } from '../matrix/store/write-run.js';
import { CELL_VARIANTS, DEVICES, runInfo } from './fixtures/reporter/cells.js';
import { spawnChild } from './spawn-child.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'store-merge-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function write(path: string, over: { host?: string; shard?: string | null; runId?: string; cells: readonly CellResult[] }): Promise<void> {
  await withStore({ path }, (s) =>
    writeRun(s.connection, {
      run: runInfo({ runId: over.runId ?? 'nightly-1-ubuntu', host: over.host ?? 'runner-a', shard: over.shard ?? null }),
      devices: [...DEVICES],
      cells: [...over.cells],
      interrupted: false,
      finishedAt: '2025-01-01T00:05:00.000Z',
    }),
  );
}

/** Every table of a database as plain rows, in a stable order (what "changes nothing" compares). */
async function dump(path: string): Promise<Record<string, unknown[]>> {
  return withStore({ path, readOnly: true }, async (s) => {
    const out: Record<string, unknown[]> = {};
    for (const [table, order] of [['runs', 'run_id'], ['devices', 'run_id, platform, device'], ['results', 'run_id, result_key']] as const) {
      out[table] = (await s.connection.runAndReadAll(`SELECT * FROM ${table} ORDER BY ${order}`)).getRowObjectsJS();
    }
    return out;
  });
}

async function cellsOf(path: string, runId: string): Promise<CellResult[]> {
  return withStore({ path, readOnly: true }, async (s) =>
    (await s.connection.runAndReadAll('SELECT * FROM results WHERE run_id = $run ORDER BY result_key', { run: runId })).getRowObjectsJS().map(rowToCell),
  );
}

describe('matrix merge: store level', () => {
  it('two shards of one run on two hosts become one run with every cell, both hosts and the whole shard scope', async () => {
    const a = join(dir, 'a.duckdb');
    const b = join(dir, 'b.duckdb');
    await write(a, { shard: '1/2', host: 'runner-a', cells: CELL_VARIANTS.slice(0, 5) });
    await write(b, { shard: '2/2', host: 'runner-b', cells: CELL_VARIANTS.slice(5) });
    const out = join(dir, 'out.duckdb');
    const summary = await mergeStores([a, b], out);
    expect(summary).toMatchObject({ inputs: 2, runIds: ['nightly-1-ubuntu'], cellsWritten: 9, conflicts: [] });
    const { runs } = await dump(out);
    expect(runs).toEqual([expect.objectContaining({ run_id: 'nightly-1-ubuntu', shard: null, host: 'runner-a, runner-b', cells: 9 })]);
    expect(await cellsOf(out, 'nightly-1-ubuntu')).toEqual(await cellsOf(await unsharded(), 'nightly-1-ubuntu'));
  });

  it('merging the same inputs again changes nothing; the output cannot be one of its inputs', async () => {
    const out = join(dir, 'out.duckdb');
    const before = await dump(out);
    const again = await mergeStores([join(dir, 'a.duckdb'), join(dir, 'b.duckdb')], out);
    expect(again.conflicts).toEqual([]);
    expect(await dump(out)).toEqual(before);
    await expect(mergeStores([out], out)).rejects.toMatchObject({ code: 'STORE_MERGE_INPUT', exitCode: 2 });
  });

  it('runs of other OSes stay separate runs with their own host and OS', async () => {
    const mac = join(dir, 'mac.duckdb');
    await withStore({ path: mac }, (s) =>
      writeRun(s.connection, {
        run: runInfo({ runId: 'nightly-1-macos', host: 'mac-1', os: 'darwin 24.0 arm64', shard: '1/2' }),
        devices: [...DEVICES], cells: CELL_VARIANTS.slice(0, 2), interrupted: false, finishedAt: '2025-01-01T00:05:00.000Z',
      }),
    );
    const out = join(dir, 'os.duckdb');
    await mergeStores([join(dir, 'a.duckdb'), mac], out);
    const { runs } = await dump(out);
    expect(runs.map((r) => (r as Record<string, unknown>).run_id)).toEqual(['nightly-1-macos', 'nightly-1-ubuntu']);
    expect(runs[0]).toMatchObject({ host: 'mac-1', os: 'darwin 24.0 arm64', shard: '1/2', cells: 2 });
    expect(runs[1]).toMatchObject({ host: 'runner-a', os: 'linux x64', shard: '1/2', cells: 5 });
  });

  it('a different result for the same cell is a conflict: reported with both sources and the fields, the first kept', async () => {
    const first = join(dir, 'first.duckdb');
    const second = join(dir, 'second.duckdb');
    const pass = CELL_VARIANTS[0]!;
    const failed: CellResult = { key: pass.key, source: 'forged', inference: 'real', status: 'fail', stage: 'infer', errorType: 'timeout', message: 'cell exceeded 60000 ms' };
    await write(first, { runId: 'r', cells: [pass, CELL_VARIANTS[1]!] });
    await write(second, { runId: 'r', cells: [failed, CELL_VARIANTS[1]!] });
    const out = join(dir, 'conflict.duckdb');
    const summary = await mergeStores([first, second], out);
    expect(summary.conflicts).toEqual([
      expect.objectContaining({ runId: 'r', resultKey: 'feature-extraction/forged/bert/node_warm_cpu_fp32_b1', keptFrom: first, droppedFrom: second }),
    ]);
    expect(summary.conflicts[0]!.differences).toContain('status: "pass" → "fail"');
    expect((await cellsOf(out, 'r')).map((c) => c.status)).toEqual(['pass', 'pass']);
  });

  it('rejects no inputs, and a missing input names the file', async () => {
    await expect(mergeStores([], join(dir, 'x.duckdb'))).rejects.toMatchObject({ code: 'STORE_MERGE_INPUT' });
    await expect(mergeStores([join(dir, 'nope.duckdb')], join(dir, 'x.duckdb'))).rejects.toMatchObject({ code: 'STORE_MISSING' });
  });
});

async function unsharded(): Promise<string> {
  const path = join(dir, 'whole.duckdb');
  await write(path, { cells: CELL_VARIANTS });
  return path;
}

const RUN_CHILD = join(import.meta.dirname, 'fixtures/reporter/run-matrix-child.ts');
const MATRIX_BIN = join(import.meta.dirname, '../bin/matrix.js');

function child(argv: string[], env: Record<string, string> = {}) {
  return spawnChild(argv, { MATRIX_DB: join(dir, 'unused.duckdb'), ...env });
}

// Spawns three vitest runs at once: on a busy shared machine that takes minutes, not seconds.
describe('matrix merge: vitest shards through `matrix run` and the CLI', { timeout: 240_000 }, () => {
  it('two shards run as separate processes, merged, equal the unsharded run cell for cell; a second merge changes nothing', async () => {
    const db = (name: string) => join(dir, `vitest-${name}.duckdb`);
    const runs = await Promise.all([
      child(['--import', 'tsx', RUN_CHILD, '1/2'], { FIXTURE_DB: db('s1'), MATRIX_RUN_ID: 'shared' }),
      child(['--import', 'tsx', RUN_CHILD, '2/2'], { FIXTURE_DB: db('s2'), MATRIX_RUN_ID: 'shared' }),
      child(['--import', 'tsx', RUN_CHILD], { FIXTURE_DB: db('whole'), MATRIX_RUN_ID: 'shared' }),
    ]);
    for (const r of runs) expect(r.output).toContain('EXIT 0');
    const merged = await child([MATRIX_BIN, 'merge', db('s1'), db('s2'), '--into', db('merged')]);
    expect(merged.code, merged.output).toBe(0);
    expect(merged.output).toContain('Merged 2 databases into');
    const shardCells = await Promise.all([cellsOf(db('s1'), 'shared'), cellsOf(db('s2'), 'shared')]);
    expect(shardCells[0].length).toBeGreaterThan(0);
    expect(shardCells[1].length).toBeGreaterThan(0);
    expect(await cellsOf(db('merged'), 'shared')).toEqual(await cellsOf(db('whole'), 'shared'));
    const before = await dump(db('merged'));
    expect((await child([MATRIX_BIN, 'merge', db('s1'), db('s2'), '--into', db('merged')])).code).toBe(0);
    expect(await dump(db('merged'))).toEqual(before);
    expect(before.runs).toEqual([expect.objectContaining({ run_id: 'shared', shard: null })]);
  });

  it('the CLI exits 1 on a conflict (listed on stderr) and 2 without --into', async () => {
    const conflict = await child([MATRIX_BIN, 'merge', join(dir, 'first.duckdb'), join(dir, 'second.duckdb'), '--into', join(dir, 'cli-conflict.duckdb')]);
    expect(conflict.code).toBe(1);
    expect(conflict.output).toMatch(/1 conflicting result\(s\); the first merged was kept:\n {2}r feature-extraction\/forged\/bert\/node_warm_cpu_fp32_b1: kept .*first\.duckdb/);
    const bad = await child([MATRIX_BIN, 'merge', join(dir, 'first.duckdb')]);
    expect(bad.code).toBe(2);
    expect(bad.output).toContain("required option '--into <file>' not specified");
  });
});
