/**
 * Merges matrix databases (CI shards, runs on other operating systems) into one. Every run of every
 * input is written with `writeRun`, so a run id met twice (shards of one run) becomes one run whose
 * shard scope is the union, and rows already there are replaced by identical ones: merging again
 * changes nothing. Two different results for one (run_id, result_key) are a conflict: the first one
 * merged is kept, and every conflict is returned, never silently picked.
 */
import { resolve } from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import type { CellResult, DeviceReport, RunInfo } from '../harness/types.js';
import { cellToRow, rowToCell } from './cell-row.js';
import { MergeInputError } from './errors.js';
import { openStore } from './open-store.js';
import type { RunRecord } from './run-record.js';
import { writeRun } from './write-run.js';

/** Two different stored results for one cell of one run. */
export interface MergeConflict {
  runId: string;
  resultKey: string;
  /** The input whose result was kept (merged first, or already in the output). */
  keptFrom: string;
  /** The input whose different result was left out. */
  droppedFrom: string;
  /** Fields that differ, e.g. `status: pass → fail`. */
  differences: string[];
}

/** What a merge did. */
export interface MergeSummary {
  into: string;
  inputs: number;
  /** Run ids merged (sorted). */
  runIds: string[];
  /** Result rows written (identical re-writes included). */
  cellsWritten: number;
  /** Results left out because a different result for the same key was kept. */
  conflicts: MergeConflict[];
}

export interface MergeOptions {
  /** How long to wait for a locked file (default MATRIX_DB_WAIT_MS / 60 s). */
  waitMs?: number;
  env?: NodeJS.ProcessEnv;
}

/** Merges `inputs` (read-only) into `into` (created or migrated when needed). */
export async function mergeStores(inputs: readonly string[], into: string, options: MergeOptions = {}): Promise<MergeSummary> {
  if (inputs.length === 0) throw new MergeInputError('no input databases given', 'Name at least one: matrix merge a.duckdb b.duckdb --into all.duckdb');
  const records: Array<{ from: string; record: RunRecord }> = [];
  for (const input of inputs) {
    if (samePath(input, into)) throw new MergeInputError(`input ${input} is also the output`, 'Write the merge into a new file with --into.');
    const store = await openStore({ path: input, readOnly: true, waitMs: options.waitMs, env: options.env });
    try {
      for (const record of await readRecords(store.connection)) records.push({ from: input, record });
    } finally {
      store.close();
    }
  }
  const out = await openStore({ path: into, readOnly: false, waitMs: options.waitMs, env: options.env });
  const conflicts: MergeConflict[] = [];
  let cellsWritten = 0;
  try {
    const origin = new Map<string, string>();
    for (const { from, record } of records) {
      const existing = await readCells(out.connection, record.run.runId);
      const cells: CellResult[] = [];
      for (const cell of record.cells) {
        const row = cellToRow(record.run.runId, cell);
        const key = `${record.run.runId}\u0000${row.result_key}`;
        const stored = existing.get(String(row.result_key));
        const differences = stored ? differ(cellToRow(record.run.runId, stored), row) : [];
        if (differences.length > 0) {
          conflicts.push({ runId: record.run.runId, resultKey: String(row.result_key), keptFrom: origin.get(key) ?? into, droppedFrom: from, differences });
          continue;
        }
        if (!origin.has(key)) origin.set(key, from);
        cells.push(cell);
      }
      const run = await withHostsOf(out.connection, record.run);
      cellsWritten += (await writeRun(out.connection, { ...record, run, cells })).cellsWritten;
    }
  } finally {
    out.close();
  }
  return { into, inputs: inputs.length, runIds: [...new Set(records.map((r) => r.record.run.runId))].sort(), cellsWritten, conflicts };
}

/** Every run of an open database as the RunRecord that would write it again. */
async function readRecords(connection: DuckDBConnection): Promise<RunRecord[]> {
  const runs = (await connection.runAndReadAll('SELECT * FROM runs ORDER BY started_at, run_id')).getRowObjectsJS();
  const records: RunRecord[] = [];
  for (const r of runs) {
    const runId = String(r.run_id);
    const devices = (await connection.runAndReadAll('SELECT * FROM devices WHERE run_id = $run ORDER BY platform, device', { run: runId }))
      .getRowObjectsJS()
      .map((d) => ({ platform: d.platform, device: d.device, available: d.available, reason: String(d.reason), info: JSON.parse(String(d.info)) }) as DeviceReport);
    records.push({
      run: runInfoOf(r),
      devices,
      cells: [...(await readCells(connection, runId)).values()],
      interrupted: r.interrupted === true,
      finishedAt: isoOf(r.finished_at ?? r.started_at),
    });
  }
  return records;
}

async function readCells(connection: DuckDBConnection, runId: string): Promise<Map<string, CellResult>> {
  const rows = (await connection.runAndReadAll('SELECT * FROM results WHERE run_id = $run ORDER BY result_key', { run: runId })).getRowObjectsJS();
  return new Map(rows.map((row) => [String(row.result_key), rowToCell(row)]));
}

function runInfoOf(r: Record<string, unknown>): RunInfo {
  const optional = (name: 'machine' | 'origin' | 'label' | 'suite'): Partial<RunInfo> => (r[name] === null || r[name] === undefined ? {} : { [name]: String(r[name]) });
  return {
    runId: String(r.run_id),
    startedAt: isoOf(r.started_at),
    gitSha: r.git_sha === null ? null : String(r.git_sha),
    transformersVersion: String(r.transformers_version),
    ortVersion: String(r.ort_version),
    host: String(r.host),
    os: String(r.os),
    cpu: String(r.cpu),
    ci: r.ci === true,
    shard: r.shard === null ? null : String(r.shard),
    profile: String(r.profile),
    ...optional('machine'),
    ...optional('origin'),
    ...optional('label'),
    ...optional('suite'),
  };
}

/**
 * Shards of one run measured on different machines keep every host, OS and CPU: the `runs` row lists
 * each distinct value once, comma-separated, instead of the last shard's overwriting the others.
 */
async function withHostsOf(connection: DuckDBConnection, run: RunInfo): Promise<RunInfo> {
  const found = (await connection.runAndReadAll('SELECT host, os, cpu FROM runs WHERE run_id = $run', { run: run.runId })).getRowObjectsJS()[0];
  if (!found) return run;
  const union = (stored: unknown, incoming: string): string => {
    const parts = String(stored).split(', ');
    return parts.includes(incoming) ? String(stored) : [...parts, incoming].join(', ');
  };
  return { ...run, host: union(found.host, run.host), os: union(found.os, run.os), cpu: union(found.cpu, run.cpu) };
}

function differ(a: Record<string, unknown>, b: Record<string, unknown>): string[] {
  const out: string[] = [];
  for (const name of Object.keys(a)) {
    const x = JSON.stringify(a[name]);
    const y = JSON.stringify(b[name]);
    if (x !== y) out.push(`${name}: ${short(x)} → ${short(y)}`);
  }
  return out;
}

function short(text: string | undefined): string {
  const t = text ?? 'undefined';
  return t.length > 60 ? `${t.slice(0, 57)}…` : t;
}

function isoOf(value: unknown): string {
  return value instanceof Date ? value.toISOString() : new Date(`${String(value).replace(' ', 'T')}Z`).toISOString();
}

function samePath(a: string, b: string): boolean {
  return resolve(a) === resolve(b);
}
