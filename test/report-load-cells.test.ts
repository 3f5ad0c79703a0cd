// loadCells reads each cell as one JSON string; the values must be exactly those of a column-by-column read,
// non-finite doubles (which DuckDB's JSON cannot carry) included.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CELL_COLUMNS, CELL_ORDER, type CellRow } from '../matrix/report/cell-row.js';
import { loadCells } from '../matrix/report/load-cells.js';
import { openReadonly } from '../matrix/report/open-readonly.js';
import { KNOWN_RUNS } from './fixtures/report/known-store.js';
import { writeStore } from './fixtures/report/write-store.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'report-load-cells-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function withStore<T>(name: string, runs: Parameters<typeof writeStore>[1], body: (store: Awaited<ReturnType<typeof openReadonly>>) => Promise<T>): Promise<T> {
  const path = join(dir, `${name}.duckdb`);
  await writeStore(path, runs);
  const store = await openReadonly(path);
  try {
    return await body(store);
  } finally {
    store.close();
  }
}

describe('loadCells', () => {
  it('returns the same rows, in the same order, as reading every column, with and without filters', async () => {
    await withStore('known', KNOWN_RUNS, async (store) => {
      const runId = KNOWN_RUNS[1]!.runId;
      const columns = await store.all<CellRow>(`SELECT ${CELL_COLUMNS} FROM results WHERE run_id = ? ORDER BY ${CELL_ORDER}`, [runId]);
      expect(columns.length).toBeGreaterThan(4);
      expect(await loadCells(store, runId, {})).toEqual(columns);
      const cuda = await loadCells(store, runId, { device: ['cuda'], family: ['bert', 'gpt2'] });
      expect(cuda).toEqual(columns.filter((c) => c.device === 'cuda' && c.family !== 'roberta'));
    });
  });

  it('keeps NaN and infinite doubles (DuckDB writes them as bare NaN/Infinity, which is not JSON)', async () => {
    const run = { runId: '20250101T020000Z-nannan', startedAt: '2025-01-01T02:00:00Z', cells: [
      { family: 'bert', device: 'cpu', latencyP50Ms: 3.25, parityCosine: Number.NaN },
      { family: 'bert', device: 'cuda', latencyP50Ms: Number.POSITIVE_INFINITY, parityCosine: 0.5 },
    ] };
    await withStore('non-finite', [run], async (store) => {
      const cells = await loadCells(store, run.runId, {});
      expect(cells.map((c) => [c.device, c.latencyP50Ms, c.parityCosine])).toEqual([['cpu', 3.25, Number.NaN], ['cuda', Number.POSITIVE_INFINITY, 0.5]]);
    });
  });
});
