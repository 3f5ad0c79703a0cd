/**
 * Test helpers for the publish tests: a store holding given runs of the reporter fixture cells (written
 * by the store's own writer), reading a Parquet that came back from the loopback Hub, and the env for a
 * `matrix` child process (its own MATRIX_DB, none of the run/journal/models variables, no inherited token).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import type { CellResult, RunInfo } from '../../matrix/harness/types.js';
import { withStore, writeRun } from '../../matrix/store/index.js';
import { DEVICES } from '../fixtures/reporter/cells.js';

/** Writes each `{ run, cells }` into the store at `path` (created when missing). */
export async function writeRuns(path: string, runs: ReadonlyArray<{ run: RunInfo; cells: readonly CellResult[] }>): Promise<void> {
  await withStore({ path, waitMs: 5_000 }, async (store) => {
    for (const { run, cells } of runs) {
      await writeRun(store.connection, { run, devices: [...DEVICES], cells: [...cells], interrupted: false, finishedAt: new Date(Date.parse(run.startedAt) + 60_000).toISOString() });
    }
  });
}

/** Rows of a Parquet file's bytes (written to `dir` first), by `sql` over the view `p`. */
export async function queryParquet(bytes: Buffer, dir: string, sql = 'SELECT * FROM p'): Promise<Record<string, unknown>[]> {
  const file = join(dir, `q-${Math.random().toString(36).slice(2)}.parquet`);
  writeFileSync(file, bytes);
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  try {
    await connection.run(`CREATE VIEW p AS SELECT * FROM read_parquet('${file}')`);
    return (await connection.runAndReadAll(sql)).getRowObjectsJS();
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

/** The environment of a `matrix` child: PATH and HOME kept, the matrix run variables and any token dropped. */
export function childEnv(over: Record<string, string>): NodeJS.ProcessEnv {
  const keep = ['PATH', 'HOME', 'TMPDIR', 'LANG', 'NODE_OPTIONS'];
  const env: NodeJS.ProcessEnv = { NO_COLOR: '1' };
  for (const k of keep) if (process.env[k] !== undefined) env[k] = process.env[k];
  return { ...env, ...over };
}
