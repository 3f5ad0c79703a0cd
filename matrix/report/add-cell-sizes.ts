/**
 * Adds the size columns of schema v2 (flops, flops_per_token, gflops_per_s, model_bytes, memory_timeline)
 * to the cells when the store has them; a v1 store leaves the fields absent.
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
    cell.flops = row.flops;
    cell.flopsPerToken = row.perToken;
    cell.gflopsPerSecond = row.gflops;
    cell.modelBytes = row.bytes;
    cell.memoryTimeline = row.timeline ? (JSON.parse(row.timeline) as CellMemorySample[]) : null;
  }
}
