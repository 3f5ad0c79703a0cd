/** Reads the cells `recommend` ranks (with their raw samples and the v2 honesty flags) for one run. */
import type { RecommendCell } from '../recommend/index.js';
import { loadCells } from './load-cells.js';
import type { ReadonlyStore } from './open-readonly.js';
import { filterSql, type ReportFilters } from './report-filters.js';

const COLUMNS = [
  ['family', 'family'], ['task', 'task'], ['modelId', 'model_id'], ['platform', 'platform'], ['device', 'device'], ['dtype', 'dtype'],
  ['status', 'status'], ['inference', 'inference'], ['samplesMs', 'samples_ms'], ['latencyP50Ms', 'latency_p50_ms'],
  ['throughput', 'throughput'], ['throughputUnit', 'throughput_unit'], ['peakRssBytes', 'peak_rss_bytes::DOUBLE'], ['loadMs', 'load_ms'],
  ['parityCosine', 'parity_cosine'], ['softwareAdapter', 'software_adapter'], ['flaky', 'flaky'], ['contended', 'contended'],
  ['resolvedDevice', 'resolved_device'], ['errorStage', 'error_stage'], ['errorType', 'error_type'], ['errorMessage', 'error_message'], ['reason', 'reason'],
].map(([field, sql]) => `${sql} AS "${field}"`).join(', ');

/** Cells of `runId` matching `filters`, batch 1 (the matrix's comparable cells); a filter matching nothing throws as the report does. */
export async function loadRecommendCells(store: ReadonlyStore, runId: string, filters: ReportFilters): Promise<RecommendCell[]> {
  const where = filterSql(filters);
  const rows = await store.all<RecommendCell>(`SELECT ${COLUMNS} FROM results WHERE run_id = ? AND batch_size = 1${where.sql} ORDER BY family, task, model_id, platform, device, dtype`, [runId, ...where.params]);
  if (rows.length === 0) await loadCells(store, runId, filters); // explains an over-narrow filter
  return rows.map((r) => ({ ...r, samplesMs: r.samplesMs ? [...r.samplesMs] : null }));
}
