/**
 * The matrix reporter in real vitest runs of fixture test files (test/fixtures/reporter/*.cells.ts),
 * each in its own vitest process writing a DuckDB file in a temp dir.
 */
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { rowToCell } from '../matrix/store/cell-row.js';
import { withStore } from '../matrix/store/open-store.js';
import { resultKey } from '../matrix/store/result-key.js';
import { childEnv } from './child-env.js';
import { fixtureVitest, MATRIX_REPORTER as REPORTER } from './fixture-vitest.js';
import { CELL_VARIANTS, KILLED_CELL_KEY } from './fixtures/reporter/cells.js';

/** The fixture suite with `env` on top of the test's own scrubbed environment. */
function vitest(args: string[], env: Record<string, string>, onOutput?: (output: string, kill: (signal: NodeJS.Signals) => void) => void) {
  return fixtureVitest(args, childEnv({ dbPath: join(dir, 'default.duckdb'), env }), onOutput && ((output, child) => onOutput(output, child.kill)));
}

let dir: string;
let db: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'reporter-run-'));
  db = join(dir, 'm.duckdb');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

async function query(sql: string, path = db): Promise<Record<string, unknown>[]> {
  return withStore({ path, readOnly: true }, async (store) => (await store.connection.runAndReadAll(sql)).getRowObjectsJS());
}

const keysAndStatuses = (path: string) => query('SELECT result_key, status FROM results ORDER BY result_key', path);

describe('matrix reporter in a vitest run', () => {
  it('stores every cell of the run with its run identity and devices, reports invalid cells, prints the summary', async () => {
    const run = await vitest(['run'], { MATRIX_DB: db, FIXTURE_RUN_ID: 'basic-run' });
    expect(run.code).toBe(1); // b.cells.ts fails one assertion on purpose; the cell is stored anyway
    expect(run.output).toContain(`Matrix written to ${db} (9 cells: 4 pass, 2 fail, 1 mismatch, 1 unsupported, 1 skip; 8 real, 1 mock)`);
    expect(run.output).toMatch(/cell not stored: Invalid matrix cell of test "c: a cell with an unknown dtype" \(c\.cells\.ts\): key\.dtype "fp64"/);
    const rows = await query('SELECT * FROM results');
    const byKey = new Map(rows.map((r) => [r.result_key as string, rowToCell(r)]));
    expect(byKey.size).toBe(CELL_VARIANTS.length);
    for (const cell of CELL_VARIANTS) expect(byKey.get(resultKey(cell.key))).toEqual(cell);
    expect(await query('SELECT run_id, shard, interrupted, cells, host FROM runs')).toEqual([
      { run_id: 'basic-run', shard: null, interrupted: false, cells: 9, host: 'test-host' },
    ]);
    expect(await query('SELECT device, available FROM devices ORDER BY device')).toEqual([
      { device: 'cpu', available: true },
      { device: 'cuda', available: false },
      { device: 'webgpu', available: false },
    ]);
  });

  it('a vitest run started inside this one, with its environment, never writes into this run\'s journal or database', async () => {
    const run = await vitest(['run'], { MATRIX_DB: db, FIXTURE_SET: 'nested', FIXTURE_BLOB: join(dir, 'inner-blob.json') });
    expect(run.code, run.output).toBe(0);
    expect(existsSync(join(dir, 'inner-blob.json')), 'the inner run ran').toBe(true);
    expect(await query('SELECT run_id, cells FROM runs')).toEqual([{ run_id: 'fixture-run', cells: 1 }]);
    expect(await keysAndStatuses(db)).toEqual([{ result_key: resultKey(CELL_VARIANTS[0]!.key), status: 'pass' }]);
    expect(run.output).not.toMatch(/recovered from the cell journal|cell not stored/);
  });

  it('writes nothing, not even an empty database, when no test produced a cell', async () => {
    const run = await vitest(['run'], { MATRIX_DB: db, FIXTURE_SET: 'empty' });
    expect(run.code).toBe(0);
    expect(run.output).not.toContain('Matrix written');
    expect(existsSync(db)).toBe(false);
  });

  it('a blob-merged sharded run stores the same rows as the unsharded run, as one run', async () => {
    const whole = join(dir, 'whole.duckdb');
    await vitest(['run'], { MATRIX_DB: whole, FIXTURE_RUN_ID: 'whole' });
    for (const shard of ['1/2', '2/2']) {
      // Each shard gets its own run id, as separate CI machines would.
      const run = await vitest(['run', `--shard=${shard}`, '--reporter=blob', `--outputFile.blob=${join(dir, 'blobs', `blob-${shard[0]}.json`)}`], {
        MATRIX_DB: db,
        FIXTURE_RUN_ID: `shard-${shard[0]}`,
      });
      expect(run.output).toContain('blob report written');
    }
    expect(existsSync(db)).toBe(false); // shards with only the blob reporter write no database
    const merged = await vitest(['run', `--merge-reports=${join(dir, 'blobs')}`], { MATRIX_DB: db });
    expect(merged.output).toContain('Matrix written to');
    expect(await keysAndStatuses(db)).toEqual(await keysAndStatuses(whole));
    expect(await keysAndStatuses(db)).toHaveLength(9);
    const runs = await query('SELECT run_id, shard, cells FROM runs');
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatchObject({ shard: null, cells: 9 });
    expect(['shard-1', 'shard-2']).toContain(runs[0]!.run_id);
    expect(await query('SELECT count(*)::INTEGER AS n FROM devices')).toEqual([{ n: 3 }]);
  });

  it('shards writing the database directly under one MATRIX_RUN_ID add up to the whole run', async () => {
    const whole = join(dir, 'whole.duckdb');
    await vitest(['run'], { MATRIX_DB: whole, FIXTURE_RUN_ID: 'whole' });
    await vitest(['run', '--shard=1/2'], { MATRIX_DB: db, MATRIX_RUN_ID: 'ci-42' });
    expect(await query('SELECT run_id, shard FROM runs')).toEqual([{ run_id: 'ci-42', shard: '1/2' }]);
    await vitest(['run', '--shard=2/2'], { MATRIX_DB: db, MATRIX_RUN_ID: 'ci-42' });
    expect(await query('SELECT run_id, shard, cells FROM runs')).toEqual([{ run_id: 'ci-42', shard: null, cells: 9 }]);
    expect(await keysAndStatuses(db)).toEqual(await keysAndStatuses(whole));
  });

  it('a crashing worker (process.exit, or killed outright) drops no finished cell, its own included; the running cell is fail/crashed', async () => {
    const marker = join(dir, 'killed');
    const run = await vitest(['run'], { MATRIX_DB: db, FIXTURE_SET: 'crash', FIXTURE_MARKER: marker });
    const keys = existsSync(db) ? (await query('SELECT result_key FROM results')).map((r) => r.result_key) : [];
    // a.cells.ts + b.cells.ts (variants 0-5), the cells of crash.cells.ts (6, 7: process.exit becomes a test error),
    // and the cell killed.cells.ts finished before its worker was killed (8), which only the cell journal kept.
    for (const cell of CELL_VARIANTS.slice(0, 9)) expect(keys, run.output).toContain(resultKey(cell.key));
    expect(run.output).toMatch(/1 finished cell recovered from the cell journal/);
    // The cell killed.cells.ts was running when its worker died: stored as fail/crashed at its stage, the run marked.
    expect(await query(`SELECT status, error_stage, error_type FROM results WHERE result_key = '${resultKey(KILLED_CELL_KEY)}'`)).toEqual([
      { status: 'fail', error_stage: 'infer', error_type: 'crashed' },
    ]);
    expect(await query('SELECT cells, crashed_cells FROM runs')).toEqual([{ cells: 10, crashed_cells: 1 }]);
    expect(run.output).toMatch(/1 cell stored as fail\/crashed/);
    expect(existsSync(marker), 'killed.cells.ts reached the SIGKILL').toBe(true);
    expect(run.code, run.output).toBe(1);
    expect(run.output).toMatch(/process\.exit unexpectedly called/);
  });

  // The interrupt comes as soon as the hanging test wrote its marker, with no wait for the finished cells'
  // results to reach the main process: vitest's worker throttles its updates (100 ms, and a pending one can
  // stay until the next update, here 100 s away), so they may still be in the worker. The cell journal
  // (matrix/reporter/cell-journal.ts) keeps them; without it this test loses cells in some runs.
  it('an interrupted run (SIGINT) stores the cells it finished, marked interrupted, and not the unfinished one', { timeout: 120_000 }, async () => {
    const marker = join(dir, 'hanging');
    let sent = false;
    const env = { MATRIX_DB: db, FIXTURE_SET: 'interrupt', FIXTURE_MARKER: marker };
    const run = await vitest(['run', '--reporter=verbose', `--reporter=${REPORTER}`], env, (_output, kill) => {
      if (!sent && existsSync(marker)) {
        sent = true;
        kill('SIGINT');
      }
    });
    expect(sent, run.output).toBe(true);
    expect(run.code, run.output).toBe(130);
    expect(run.output).toMatch(/run interrupted; 2 finished cells written to .*m\.duckdb, marked interrupted/);
    expect(await query('SELECT run_id, interrupted, cells FROM runs')).toEqual([{ run_id: 'fixture-run', interrupted: true, cells: 2 }]);
    expect(await query('SELECT result_key, interrupted FROM results ORDER BY result_key')).toEqual(
      CELL_VARIANTS.slice(0, 2).map((c) => ({ result_key: resultKey(c.key), interrupted: true })).sort((a, b) => a.result_key.localeCompare(b.result_key)),
    );
    expect(readdirSync(join(dir, 'pending'), { recursive: true }).filter((f) => String(f).endsWith('.json'))).toEqual([]);
  });
});
