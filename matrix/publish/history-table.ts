/**
 * The published history: one flat row per stored result, with its run's columns beside it (`run_*`, and
 * `machine`), so one Parquet file is the whole dataset and a reader needs no join. Built as the temp table
 * `publish_history` on a store connection: the local rows (runs without a machine label get this machine's),
 * then the rows of a remote Parquet whose runs are not here (the other machines' history is kept).
 * The host name is not published.
 */
import type { DuckDBConnection } from '@duckdb/node-api';

/** The run columns published beside each result, as `run_<name>` (machine and origin keep their names). */
export const RUN_COLUMNS = [
  'started_at', 'finished_at', 'git_sha', 'transformers_version', 'ort_version', 'os', 'cpu', 'ci', 'shard', 'profile',
  'interrupted', 'cells', 'label', 'suite', 'crashed_cells',
] as const;

/** Creates (or replaces) the view `publish_history`; returns its row count. `remoteParquet` is a local copy of the dataset's Parquet. */
export async function createHistoryTable(connection: DuckDBConnection, options: { machine: string; remoteParquet?: string }): Promise<number> {
  const runColumns = RUN_COLUMNS.map((c) => `ru.${c} AS run_${c}`).join(', ');
  const local = `SELECT r.*, ${runColumns}, COALESCE(ru.machine, ${quote(normalizedLabel(options.machine))}) AS machine, ru.origin AS origin
     FROM results r JOIN runs ru USING (run_id)`;
  const remote = options.remoteParquet
    ? ` UNION ALL BY NAME SELECT * FROM read_parquet(${quote(options.remoteParquet)}) p WHERE NOT EXISTS (SELECT 1 FROM runs l WHERE l.run_id = p.run_id)`
    : '';
  // Views take no bound parameters: the two values are quoted literals (a checked label and a temp path).
  await connection.run(`CREATE OR REPLACE TEMP VIEW publish_history AS ${local}${remote}`);
  const [row] = (await connection.runAndReadAll('SELECT count(*)::DOUBLE AS n FROM publish_history')).getRowObjectsJS();
  return Number(row!.n);
}

function quote(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

function normalizedLabel(label: string): string {
  if (!/^[a-z0-9][a-z0-9.-]*$/.test(label)) throw new Error(`machine label ${JSON.stringify(label)} is not normalized`);
  return label;
}

/** Writes `publish_history` to `path` as Parquet (zstd), ordered by run start so row groups follow time. */
export async function writeHistoryParquet(connection: DuckDBConnection, path: string): Promise<void> {
  await connection.run(`COPY (SELECT * FROM publish_history ORDER BY run_started_at, run_id, result_key) TO ${quote(path)} (FORMAT parquet, COMPRESSION zstd)`);
}

/** The columns of `publish_history` with their DuckDB types, for data/format.json. */
export async function historyColumns(connection: DuckDBConnection): Promise<Array<{ name: string; type: string }>> {
  const rows = (await connection.runAndReadAll('DESCRIBE publish_history')).getRowObjectsJS();
  return rows.map((r) => ({ name: String(r.column_name), type: String(r.column_type) }));
}
