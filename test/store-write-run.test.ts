import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CellResult } from '../matrix/harness/types.js';
import { cellToRow, rowToCell } from '../matrix/store/cell-row.js';
import { withStore, type Store } from '../matrix/store/open-store.js';
import { resultKey } from '../matrix/store/result-key.js';
import type { RunRecord } from '../matrix/store/run-record.js';
import { writeRun } from '../matrix/store/write-run.js';
import { CELL_VARIANTS, DEVICES, key, runInfo } from './fixtures/reporter/cells.js';

let dir: string;
let path: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'store-write-'));
  path = join(dir, 'm.duckdb');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function record(over: Partial<RunRecord> = {}): RunRecord {
  return { run: runInfo(), devices: [...DEVICES], cells: [...CELL_VARIANTS], interrupted: false, finishedAt: '2025-01-01T00:05:00.000Z', ...over };
}

async function rows(store: Store, sql: string, values: Record<string, string> = {}): Promise<Record<string, unknown>[]> {
  return (await store.connection.runAndReadAll(sql, values)).getRowObjectsJS();
}

describe('result keys', () => {
  it('follow {task}/{org}/{model}/{platform}_warm_{device}_{dtype}_b{batch}', () => {
    expect(resultKey(key({ modelId: 'Xenova/all-MiniLM-L6-v2' }))).toBe('feature-extraction/Xenova/all-MiniLM-L6-v2/node_warm_cpu_fp32_b1');
    expect(resultKey(key({ modelId: 'gpt2', batchSize: 4, dtype: 'q4' }))).toBe('feature-extraction/_/gpt2/node_warm_cpu_q4_b4');
  });

  it('encode characters outside [A-Za-z0-9._=-] (reversibly, issue 16) and never make a segment that escapes a path', () => {
    expect(resultKey(key({ modelId: 'my org/mödel:v1', task: 'text generation' }))).toBe('text=20generation/my=20org/m=C3=B6del=3Av1/node_warm_cpu_fp32_b1');
    expect(resultKey(key({ modelId: '../etc' })).split('/')).toEqual(['feature-extraction', '=2E=2E', 'etc', 'node_warm_cpu_fp32_b1']);
    expect(() => resultKey(key({ modelId: 'a/b/c' }))).toThrow(/more than one "\/"/);
    expect(() => resultKey(key({ modelId: 'org/' }))).toThrow(/STORE_INVALID_CELL|cannot be a result-key segment/);
    expect(() => resultKey(key({ batchSize: 0 }))).toThrow(/positive integer/);
  });
});

describe('writeRun', () => {
  it('round-trips every CellResult variant through the results table', async () => {
    await withStore({ path }, async (store) => {
      const summary = await writeRun(store.connection, record());
      expect(summary).toMatchObject({ cellsWritten: CELL_VARIANTS.length, runCells: CELL_VARIANTS.length, duplicateKeys: [] });
      const stored = await rows(store, 'SELECT * FROM results ORDER BY result_key');
      const back = new Map(stored.map((r) => [r.result_key as string, rowToCell(r)]));
      for (const cell of CELL_VARIANTS) expect(back.get(resultKey(cell.key))).toEqual(cell);
    });
  });

  it('stores flat columns reports filter on: latency, samples as DOUBLE[], parity JSON and its numbers, error stage/type/op', async () => {
    await withStore({ path }, async (store) => {
      await writeRun(store.connection, record());
      const [mismatch] = await rows(store, "SELECT * FROM results WHERE status = 'mismatch'");
      expect(mismatch).toMatchObject({ device: 'cpu', dtype: 'q4', latency_p50_ms: 1.1, samples: 5, parity_cosine: 0.41, parity_top_agreement: 0.2 });
      expect(mismatch!.samples_ms).toEqual([0.9, 1.1, 1.05, 1.6, 1.95]);
      expect(JSON.parse(mismatch!.parity as string)).toMatchObject({ ok: false, reference: 'node/cpu/fp32' });
      const [fail] = await rows(store, "SELECT * FROM results WHERE error_type = 'unsupported-op'");
      expect(fail).toMatchObject({ error_stage: 'load', error_op: 'GatherBlockQuantized', load_ms: 15.5, latency_p50_ms: null, samples_ms: null });
      const [mock] = await rows(store, "SELECT * FROM results WHERE inference = 'mock'");
      expect(mock).toMatchObject({ source: 'mock', batch_size: 2, peak_rss_bytes: 536870912n, parameter_count: null });
      const [reference] = await rows(store, "SELECT parity FROM results WHERE result_key = 'feature-extraction/forged/bert/node_warm_cpu_fp32_b1'");
      expect(reference!.parity).toBeNull();
    });
  });

  it('writes the runs row and the devices with their reasons', async () => {
    await withStore({ path }, async (store) => {
      await writeRun(store.connection, record());
      const [run] = await rows(store, 'SELECT * FROM runs');
      expect(run).toMatchObject({ run_id: runInfo().runId, transformers_version: '4.3.1', shard: null, interrupted: false, cells: CELL_VARIANTS.length, profile: 'quick' });
      expect((run!.started_at as Date).toISOString()).toBe('2025-01-01T00:00:00.000Z');
      expect((run!.finished_at as Date).toISOString()).toBe('2025-01-01T00:05:00.000Z');
      const devices = await rows(store, 'SELECT device, available, reason, info FROM devices ORDER BY device');
      expect(devices).toEqual([
        { device: 'cpu', available: true, reason: '', info: '{"threads":2}' },
        { device: 'cuda', available: false, reason: 'CUDA provider library missing', info: '{}' },
        { device: 'webgpu', available: false, reason: 'no WebGPU adapter', info: '{"software":false}' },
      ]);
    });
  });

  it('binds values: SQL in a message is stored verbatim and does nothing', async () => {
    const hostile: CellResult = {
      key: key({ device: 'cuda' }),
      source: 'forged',
      inference: 'real',
      status: 'fail',
      stage: 'infer',
      errorType: 'unknown',
      message: "x'); DROP TABLE results; --",
    };
    await withStore({ path }, async (store) => {
      await writeRun(store.connection, record({ cells: [hostile], run: runInfo({ runId: "r'; DELETE FROM runs; --" }) }));
      expect(await rows(store, 'SELECT run_id, error_message FROM results')).toEqual([
        { run_id: "r'; DELETE FROM runs; --", error_message: "x'); DROP TABLE results; --" },
      ]);
    });
  });

  it('is idempotent: writing the same run twice leaves one row per cell', async () => {
    await withStore({ path }, async (store) => {
      await writeRun(store.connection, record());
      await writeRun(store.connection, record());
      expect(await rows(store, 'SELECT count(*)::INTEGER AS n FROM results')).toEqual([{ n: CELL_VARIANTS.length }]);
      expect(await rows(store, 'SELECT count(*)::INTEGER AS n, max(cells) AS cells FROM runs')).toEqual([{ n: 1, cells: CELL_VARIANTS.length }]);
    });
  });

  it('an interrupted run completed later ends up complete: cells replaced, added, and no longer interrupted', async () => {
    await withStore({ path }, async (store) => {
      await writeRun(store.connection, record({ cells: CELL_VARIANTS.slice(0, 2), interrupted: true }));
      expect(await rows(store, 'SELECT interrupted, cells FROM runs')).toEqual([{ interrupted: true, cells: 2 }]);
      expect(await rows(store, 'SELECT DISTINCT interrupted FROM results')).toEqual([{ interrupted: true }]);
      await writeRun(store.connection, record());
      expect(await rows(store, 'SELECT interrupted, cells FROM runs')).toEqual([{ interrupted: false, cells: CELL_VARIANTS.length }]);
      expect(await rows(store, 'SELECT DISTINCT interrupted FROM results')).toEqual([{ interrupted: false }]);
    });
  });

  it('merges shards of one run id: shard scopes union to the whole run, cells add up, interruption of one shard sticks', async () => {
    const half = Math.ceil(CELL_VARIANTS.length / 2);
    await withStore({ path }, async (store) => {
      await writeRun(store.connection, record({ run: runInfo({ shard: '1/2' }), cells: CELL_VARIANTS.slice(0, half), interrupted: true }));
      expect(await rows(store, 'SELECT shard FROM runs')).toEqual([{ shard: '1/2' }]);
      await writeRun(store.connection, record({ run: runInfo({ shard: '2/2' }), cells: CELL_VARIANTS.slice(half) }));
      expect(await rows(store, 'SELECT shard, interrupted, cells FROM runs')).toEqual([{ shard: null, interrupted: true, cells: CELL_VARIANTS.length }]);
    });
  });

  it('keeps the last of two cells with the same key and says which keys collided', async () => {
    const first = CELL_VARIANTS[0]!;
    const second: CellResult = { ...first, status: 'skip', reason: 'second wins' } as CellResult;
    await withStore({ path }, async (store) => {
      const summary = await writeRun(store.connection, record({ cells: [first, second] }));
      expect(summary.duplicateKeys).toEqual([resultKey(first.key)]);
      expect(await rows(store, 'SELECT status, reason FROM results')).toEqual([{ status: 'skip', reason: 'second wins' }]);
    });
  });

  it('rejects an invalid cell by name and writes nothing of that run', async () => {
    const bad = { ...CELL_VARIANTS[0]!, key: key({ dtype: 'fp64' as never }) };
    await withStore({ path }, async (store) => {
      await expect(writeRun(store.connection, record({ cells: [CELL_VARIANTS[1]!, bad] }))).rejects.toMatchObject({
        code: 'STORE_INVALID_CELL',
        message: expect.stringContaining('key.dtype "fp64" is not one of fp32, fp16, q8, q4'),
      });
      expect(await rows(store, 'SELECT (SELECT count(*) FROM runs)::INTEGER AS runs, (SELECT count(*) FROM results)::INTEGER AS results')).toEqual([
        { runs: 0, results: 0 },
      ]);
    });
  });

  it('rejects a run without an id or with an unparseable start time', async () => {
    await withStore({ path }, async (store) => {
      await expect(writeRun(store.connection, record({ run: runInfo({ runId: ' ' }) }))).rejects.toMatchObject({ code: 'STORE_INVALID_RUN' });
      await expect(writeRun(store.connection, record({ run: runInfo({ startedAt: 'yesterday' }) }))).rejects.toMatchObject({ code: 'STORE_INVALID_RUN' });
    });
  });

  it('marks every cell of an interrupted run unless the cell says otherwise', () => {
    expect(cellToRow('r', CELL_VARIANTS[0]!, true).interrupted).toBe(true);
    expect(cellToRow('r', { ...CELL_VARIANTS[0]!, interrupted: false }, true).interrupted).toBe(false);
  });
});
