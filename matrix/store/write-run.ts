/**
 * Writes one run — its `runs` row, its `devices` rows and its `results` rows — in ONE
 * transaction. Idempotent per (run_id, result_key): writing the same run again replaces the
 * rows it brings and keeps the others, so an interrupted run completed later, or shards of one
 * run written one after another, end up as one run.
 */
import { BOOLEAN, DOUBLE, LIST, VARCHAR, listValue, type DuckDBAppender, type DuckDBConnection } from '@duckdb/node-api';
import type { CellResult, DeviceReport } from '../harness/types.js';
import { cellToRow, RESULT_COLUMNS, type ResultRow } from './cell-row.js';
import { checkCell } from './check-cell.js';
import { InvalidRunError } from './errors.js';
import type { RunRecord } from './run-record.js';
import { mergeShardScopes, normaliseScope, scopeCovers } from './shard-scope.js';

/** What a write did. */
export interface WriteRunSummary {
  runId: string;
  /** Result rows written by this call (after de-duplication by result key). */
  cellsWritten: number;
  /** Cells of the run now in the database (this call plus earlier writes of the same run). */
  runCells: number;
  /** Result keys that more than one cell of this record mapped to (the last one was kept). */
  duplicateKeys: string[];
}

/** Writes `record` in one transaction on an open connection (see `storeRun` for the whole flow). */
export async function writeRun(connection: DuckDBConnection, record: RunRecord): Promise<WriteRunSummary> {
  checkRun(record);
  const { rows, duplicateKeys } = toRows(record.run.runId, record.cells, record.interrupted);
  await connection.run('BEGIN TRANSACTION');
  try {
    await upsertRun(connection, record);
    await upsertDevices(connection, record.run.runId, record.devices);
    await connection.run('DELETE FROM results WHERE run_id = $run AND result_key IN (SELECT unnest($keys::VARCHAR[]))', {
      run: record.run.runId,
      keys: listValue(rows.map((r) => r.result_key as string)),
    });
    await appendRows(connection, rows);
    const counted = await connection.runAndReadAll('SELECT count(*) AS n FROM results WHERE run_id = $run', { run: record.run.runId });
    const runCells = Number(counted.getRowObjectsJS()[0]!.n);
    await connection.run('UPDATE runs SET cells = $cells WHERE run_id = $run', { cells: runCells, run: record.run.runId });
    await connection.run('COMMIT');
    return { runId: record.run.runId, cellsWritten: rows.length, runCells, duplicateKeys };
  } catch (error) {
    // The first error is the one that matters: a failed COMMIT (disk full) leaves no transaction, so the
    // ROLLBACK fails too ("no transaction is active") and must not replace it.
    await connection.run('ROLLBACK').catch(() => undefined);
    throw error;
  }
}

function checkRun(record: RunRecord): void {
  const run = record.run as unknown as Record<string, unknown>;
  if (typeof run !== 'object' || run === null) throw new InvalidRunError('run must be an object');
  if (typeof run.runId !== 'string' || run.runId.trim() === '') throw new InvalidRunError('runId must be a non-empty string');
  for (const name of ['transformersVersion', 'ortVersion', 'host', 'os', 'cpu', 'profile'] as const) {
    if (typeof run[name] !== 'string') throw new InvalidRunError(`${name} must be a string, got ${JSON.stringify(run[name])}`);
  }
  if (typeof run.startedAt !== 'string' || Number.isNaN(Date.parse(run.startedAt))) {
    throw new InvalidRunError(`startedAt must be an ISO time, got ${JSON.stringify(run.startedAt)}`);
  }
  if (Number.isNaN(Date.parse(record.finishedAt))) throw new InvalidRunError(`finishedAt must be an ISO time, got ${JSON.stringify(record.finishedAt)}`);
  if (!Array.isArray(record.devices) || !Array.isArray(record.cells)) throw new InvalidRunError('devices and cells must be arrays');
}

function toRows(runId: string, cells: readonly CellResult[], interrupted: boolean): { rows: ResultRow[]; duplicateKeys: string[] } {
  const byKey = new Map<string, ResultRow>();
  const duplicates = new Set<string>();
  cells.forEach((cell, i) => {
    const row = cellToRow(runId, checkCell(cell, `#${i}`), interrupted);
    const key = row.result_key as string;
    if (byKey.has(key)) duplicates.add(key);
    byKey.set(key, row);
  });
  return { rows: [...byKey.values()], duplicateKeys: [...duplicates] };
}

async function upsertRun(connection: DuckDBConnection, record: RunRecord): Promise<void> {
  const { run } = record;
  const found = await connection.runAndReadAll(
    'SELECT shard, interrupted, started_at, finished_at, crashed_cells FROM runs WHERE run_id = $run',
    { run: run.runId },
  );
  const existing = found.getRowObjectsJS()[0] as { shard: string | null; interrupted: boolean; started_at: Date; finished_at: Date | null; crashed_cells: number | null } | undefined;
  const incomingScope = run.shard === null || run.shard === undefined ? null : normaliseScope([run.shard]);
  let shard = incomingScope;
  let interrupted = record.interrupted;
  let startedAt = new Date(run.startedAt);
  let finishedAt = new Date(record.finishedAt);
  let crashed = record.crashedCells ?? 0;
  if (existing) {
    shard = mergeShardScopes(existing.shard, incomingScope);
    // A write that covers everything the earlier ones did decides; otherwise interruption sticks.
    if (!scopeCovers(incomingScope, existing.shard)) {
      interrupted = interrupted || existing.interrupted;
      crashed += existing.crashed_cells ?? 0;
    }
    if (existing.started_at < startedAt) startedAt = existing.started_at;
    if (existing.finished_at && existing.finished_at > finishedAt) finishedAt = existing.finished_at;
  }
  await connection.run(
    `INSERT INTO runs (run_id, started_at, finished_at, git_sha, transformers_version, ort_version, host, os, cpu, ci, shard, profile, interrupted, cells, machine, origin, label, suite, crashed_cells)
     VALUES ($run, CAST($started AS TIMESTAMP), CAST($finished AS TIMESTAMP), $git, $tf, $ort, $host, $os, $cpu, $ci, $shard, $profile, $interrupted, 0, $machine, $origin, $label, $suite, $crashed)
     ON CONFLICT (run_id) DO UPDATE SET
       started_at = excluded.started_at, finished_at = excluded.finished_at, git_sha = excluded.git_sha,
       transformers_version = excluded.transformers_version, ort_version = excluded.ort_version, host = excluded.host,
       os = excluded.os, cpu = excluded.cpu, ci = excluded.ci, shard = excluded.shard, profile = excluded.profile,
       interrupted = excluded.interrupted, machine = excluded.machine, origin = excluded.origin,
       label = excluded.label, suite = excluded.suite, crashed_cells = excluded.crashed_cells`,
    {
      run: run.runId,
      started: toSqlTimestamp(startedAt),
      finished: toSqlTimestamp(finishedAt),
      git: run.gitSha ?? null,
      tf: run.transformersVersion,
      ort: run.ortVersion,
      host: run.host,
      os: run.os,
      cpu: run.cpu,
      ci: Boolean(run.ci),
      shard,
      profile: run.profile,
      interrupted,
      machine: run.machine ?? null,
      origin: run.origin ?? null,
      label: run.label ?? null,
      suite: run.suite ?? null,
      crashed,
    },
    { run: VARCHAR, started: VARCHAR, finished: VARCHAR, git: VARCHAR, shard: VARCHAR, machine: VARCHAR, origin: VARCHAR, label: VARCHAR, suite: VARCHAR },
  );
}

async function upsertDevices(connection: DuckDBConnection, runId: string, devices: readonly DeviceReport[]): Promise<void> {
  const statement = await connection.prepare(
    `INSERT INTO devices (run_id, platform, device, available, reason, info) VALUES ($1, $2, $3, $4, $5, $6)
     ON CONFLICT (run_id, platform, device) DO UPDATE SET available = excluded.available, reason = excluded.reason, info = excluded.info`,
  );
  try {
    for (const d of devices) {
      if (typeof d?.platform !== 'string' || typeof d.device !== 'string' || typeof d.available !== 'boolean') {
        throw new InvalidRunError(`device entry ${JSON.stringify(d)} needs platform, device and available`);
      }
      statement.bind([runId, d.platform, d.device, d.available, d.reason ?? '', JSON.stringify(d.info ?? {})], [VARCHAR, VARCHAR, VARCHAR, BOOLEAN, VARCHAR, VARCHAR]);
      await statement.run();
    }
  } finally {
    statement.destroySync();
  }
}

async function appendRows(connection: DuckDBConnection, rows: readonly ResultRow[]): Promise<void> {
  if (rows.length === 0) return;
  const appender = await connection.createAppender('results');
  try {
    for (const row of rows) {
      for (const [name, kind] of RESULT_COLUMNS) append(appender, kind, row[name]);
      appender.endRow();
    }
    appender.flushSync();
  } finally {
    appender.closeSync();
  }
}

const DOUBLE_LIST = LIST(DOUBLE);

function append(appender: DuckDBAppender, kind: (typeof RESULT_COLUMNS)[number][1], value: ResultRow[keyof ResultRow]): void {
  if (value === null) return appender.appendNull();
  switch (kind) {
    case 'varchar':
      return appender.appendVarchar(String(value));
    case 'integer':
      return appender.appendInteger(Number(value));
    case 'bigint':
      return appender.appendBigInt(BigInt(Math.round(Number(value))));
    case 'double':
      return appender.appendDouble(Number(value));
    case 'double[]':
      return appender.appendList(value as number[], DOUBLE_LIST);
    case 'boolean':
      return appender.appendBoolean(Boolean(value));
  }
}

function toSqlTimestamp(date: Date): string {
  // TIMESTAMP without zone, in UTC: "2025-01-02 03:04:05.678".
  return date.toISOString().replace('T', ' ').replace('Z', '');
}
