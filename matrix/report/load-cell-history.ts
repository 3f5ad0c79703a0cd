/**
 * Per-cell history across runs, summarised in SQL: the runs up to the chosen one are split into at most
 * `points` consecutive buckets; each cell gets the median p50 and the share of real passes per bucket.
 * What reaches JS is bounded by cells × points, never by the number of stored rows.
 */
import type { DuckDBValue } from '@duckdb/node-api';
import type { CellRow } from './cell-row.js';
import { DEFAULT_ANOMALY_OPTIONS, detectAnomalies, type AnomalyOptions } from './detect-anomalies.js';
import type { ReadonlyStore } from './open-readonly.js';
import { filterSql, type ReportFilters } from './report-filters.js';
import type { RunRow } from './run-row.js';

export interface HistoryBucket {
  /** First and last run start in the bucket (ISO). */
  from: string;
  to: string;
  runs: number;
  /** Run id when the bucket holds exactly one run. */
  runId: string | null;
}

export interface CellHistory {
  resultKey: string;
  family: string;
  task: string;
  modelId: string;
  platform: string;
  device: string;
  dtype: string;
  batchSize: number;
  /** Median p50 per bucket (null: not measured in that bucket). */
  p50Ms: (number | null)[];
  /** Share of the bucket's runs in which the cell passed with real inference (null: cell absent). */
  passShare: (number | null)[];
  /** Indexes into p50Ms judged anomalous. */
  anomalies: number[];
}

export interface HistoryData {
  buckets: HistoryBucket[];
  cells: CellHistory[];
}

/**
 * History of `cells` (the chosen run's cells, already filtered), bucketed to at most `points`, over all
 * runs up to `run` or the last `lastRuns` of them. Filters apply to every row's own columns, so no join
 * back to the chosen run is needed; cells missing from `cells` are dropped.
 */
export async function loadCellHistory(
  store: ReadonlyStore, run: RunRow, cells: readonly CellRow[], filters: ReportFilters, points: number,
  options: { lastRuns?: number; anomaly?: AnomalyOptions } = {},
): Promise<HistoryData> {
  const where = filterSql(filters);
  const lastRuns = options.lastRuns ?? 2_147_483_647;
  const runsCte = `WITH chosen AS (
      SELECT run_id, started_at FROM runs
      WHERE (started_at, run_id) <= (SELECT (started_at, run_id) FROM runs WHERE run_id = ?)
      ORDER BY started_at DESC, run_id DESC LIMIT ?
    ), numbered AS (
      SELECT run_id, started_at, row_number() OVER (ORDER BY started_at, run_id) - 1 AS i, count(*) OVER () AS n FROM chosen
    ), bucketed AS (
      SELECT run_id, started_at, (i * ? // n)::INTEGER AS bucket FROM numbered
    )`;
  const head: DuckDBValue[] = [run.runId, lastRuns, points];
  const buckets = await store.all<HistoryBucket & { bucket: number }>(
    `${runsCte} SELECT bucket, strftime(min(started_at), '%Y-%m-%dT%H:%M:%SZ') AS "from", strftime(max(started_at), '%Y-%m-%dT%H:%M:%SZ') AS "to",
       count(*)::INTEGER AS runs, CASE WHEN count(*) = 1 THEN min(run_id) END AS "runId" FROM bucketed GROUP BY bucket ORDER BY bucket`,
    head,
  );
  // One string per cell ("bucket p50 pass,…"): converting 100k+ nested values to JS objects costs more than the query.
  const rows = await store.all<{ resultKey: string; points: string }>(
    `${runsCte}, per_bucket AS (
       SELECT r.result_key, b.bucket, median(r.latency_p50_ms) FILTER (WHERE r.inference = 'real' AND r.status IN ('pass', 'mismatch')) AS p50,
              avg(CASE WHEN r.status = 'pass' AND r.inference = 'real' THEN 1.0 ELSE 0.0 END) AS pass
       FROM results r JOIN bucketed b ON r.run_id = b.run_id
       WHERE true${where.sql}
       GROUP BY r.result_key, b.bucket
     )
     SELECT result_key AS "resultKey", string_agg(concat_ws(' ', bucket, coalesce(round(p50, 6)::VARCHAR, '-'), round(pass, 4)), ',') AS points
     FROM per_bucket GROUP BY result_key`,
    [...head, ...where.params],
  );
  const slotOf = new Map(buckets.map((b, i) => [String(b.bucket), i]));
  const byKey = new Map(rows.map((r) => [r.resultKey, r]));
  const history: CellHistory[] = [];
  for (const cell of cells) {
    const row = byKey.get(cell.resultKey);
    if (!row) continue;
    const p50Ms: (number | null)[] = new Array<number | null>(buckets.length).fill(null);
    const passShare: (number | null)[] = new Array<number | null>(buckets.length).fill(null);
    // "bucket p50 pass,…" read by position: ~165k points for a year of runs, so no split() arrays per point.
    const text = row.points;
    for (let start = 0; start < text.length; ) {
      const space1 = text.indexOf(' ', start);
      const space2 = text.indexOf(' ', space1 + 1);
      const comma = text.indexOf(',', space2 + 1);
      const end = comma < 0 ? text.length : comma;
      const at = slotOf.get(text.slice(start, space1))!;
      const p50 = text.slice(space1 + 1, space2);
      p50Ms[at] = p50 === '-' ? null : Number(p50);
      passShare[at] = Number(text.slice(space2 + 1, end));
      start = end + 1;
    }
    const { resultKey, family, task, modelId, platform, device, dtype, batchSize } = cell;
    history.push({ resultKey, family, task, modelId, platform, device, dtype, batchSize, p50Ms, passShare,
      anomalies: detectAnomalies(p50Ms, options.anomaly ?? DEFAULT_ANOMALY_OPTIONS) });
  }
  return { buckets: buckets.map(({ bucket: _bucket, ...rest }) => rest), cells: history };
}
