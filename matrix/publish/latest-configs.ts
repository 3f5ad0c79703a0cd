/**
 * The latest result of every configuration (result key × machine) in `publish_history`, as the
 * CellResult and RunInfo it was measured as: what the per-config files and the dataset card show.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import type { CellResult, RunInfo } from '../harness/types.js';
import { rowToCell } from '../store/index.js';

/** One configuration's latest result. */
export interface LatestConfig {
  resultKey: string;
  machine: string;
  run: RunInfo;
  cell: CellResult;
  /** True when the run was measured here (not pulled from a dataset and not only in the remote Parquet). */
  local: boolean;
}

/** Latest per configuration; `localOnly` keeps the configurations a local (not pulled) run measured. */
export async function latestConfigs(connection: DuckDBConnection, options: { localOnly?: boolean } = {}): Promise<LatestConfig[]> {
  // The ranking reads four columns; only the winners' full rows (one per configuration) are fetched.
  const reader = await connection.runAndReadAll(
    `WITH ranked AS (
       SELECT run_id, result_key, machine,
              row_number() OVER (PARTITION BY result_key, machine ORDER BY run_started_at DESC, run_id DESC) AS rank
       FROM publish_history
     ), mine AS (
       SELECT DISTINCT h.result_key, h.machine FROM publish_history h JOIN runs r ON r.run_id = h.run_id WHERE r.origin IS NULL
     )
     SELECT h.*, (l.run_id IS NOT NULL AND l.origin IS NULL) AS is_local
     FROM publish_history h
     JOIN ranked k ON k.run_id = h.run_id AND k.result_key = h.result_key AND k.machine = h.machine AND k.rank = 1
     LEFT JOIN runs l ON l.run_id = h.run_id
     ${options.localOnly ? 'WHERE (h.result_key, h.machine) IN (SELECT result_key, machine FROM mine)' : ''}
     ORDER BY h.result_key, h.machine`,
  );
  return reader.getRowObjectsJS().map((row) => ({
    resultKey: String(row.result_key),
    machine: String(row.machine),
    run: runOf(row),
    cell: rowToCell(row),
    local: row.is_local === true,
  }));
}

/** The RunInfo of a `publish_history` row. */
export function runOf(row: Record<string, unknown>): RunInfo {
  const s = (x: unknown): string | undefined => (x === null || x === undefined ? undefined : String(x));
  const started = row.run_started_at instanceof Date ? row.run_started_at.toISOString() : new Date(`${String(row.run_started_at)}Z`).toISOString();
  return {
    runId: String(row.run_id),
    startedAt: started,
    gitSha: s(row.run_git_sha) ?? null,
    transformersVersion: String(row.run_transformers_version),
    ortVersion: String(row.run_ort_version),
    host: String(row.machine),
    os: String(row.run_os),
    cpu: String(row.run_cpu),
    ci: row.run_ci === true,
    shard: s(row.run_shard) ?? null,
    profile: String(row.run_profile),
    machine: String(row.machine),
    ...(s(row.origin) ? { origin: s(row.origin)! } : {}),
    ...(s(row.run_label) ? { label: s(row.run_label)! } : {}),
    ...(s(row.run_suite) ? { suite: s(row.run_suite)! } : {}),
  };
}
