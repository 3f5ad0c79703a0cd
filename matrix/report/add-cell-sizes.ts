/**
 * Adds the size columns of schema v2 (flops, flops_per_token, gflops_per_s, model_bytes, memory_timeline)
 * to the cells when the store has them; a v1 store, or a cell without them, leaves the fields absent.
 */
import type { CellRow, CellMemorySample } from './cell-row.js';
import type { ReadonlyStore } from './open-readonly.js';

const SIZE_COLUMNS = ['flops', 'flops_per_token', 'gflops_per_s', 'model_bytes', 'memory_timeline'] as const;

export async function addCellSizes(store: ReadonlyStore, runId: string, cells: CellRow[]): Promise<void> {
  if (cells.length === 0) return;
  const columns = await store.all<{ name: string }>(
    `SELECT column_name AS name FROM information_schema.columns WHERE table_name = 'results' AND column_name IN (${SIZE_COLUMNS.map(() => '?').join(', ')})`,
    [...SIZE_COLUMNS],
  );
  if (columns.length < SIZE_COLUMNS.length) return;
  const rows = await store.all<{ key: string; flops: number | null; perToken: number | null; gflops: number | null; bytes: number | null; timeline: string | null }>(
    `SELECT result_key AS key, flops, flops_per_token AS perToken, gflops_per_s AS gflops, model_bytes::DOUBLE AS bytes, memory_timeline AS timeline
     FROM results WHERE run_id = ?`,
    [runId],
  );
  const byKey = new Map(rows.map((r) => [r.key, r]));
  for (const cell of cells) {
    const row = byKey.get(cell.resultKey);
    if (!row) continue;
    // Only what was measured: a cell without sizes keeps the v1 shape.
    if (row.flops !== null) cell.flops = row.flops;
    if (row.perToken !== null) cell.flopsPerToken = row.perToken;
    if (row.gflops !== null) cell.gflopsPerSecond = row.gflops;
    if (row.bytes !== null) cell.modelBytes = row.bytes;
    if (row.timeline) cell.memoryTimeline = JSON.parse(row.timeline) as CellMemorySample[];
  }
}
