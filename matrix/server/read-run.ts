/** Reads the one run a job's child wrote into its own database: run identity, devices, cells. */
import type { CellResult, DeviceReport, RunInfo } from '../harness/types.js';
import { rowToCell, withStore } from '../store/index.js';

/** The run in `dbPath` (the child's private file), or null when the child wrote none. */
export async function readRun(dbPath: string): Promise<{ run: RunInfo; devices: DeviceReport[]; cells: CellResult[] } | null> {
  return withStore({ path: dbPath, readOnly: true, waitMs: 5_000 }, async ({ connection }) => {
    const runs = (await connection.runAndReadAll(
      `SELECT run_id AS "runId", strftime(started_at, '%Y-%m-%dT%H:%M:%S.%gZ') AS "startedAt", git_sha AS "gitSha",
         transformers_version AS "transformersVersion", ort_version AS "ortVersion", host, os, cpu, ci, shard, profile
       FROM runs ORDER BY started_at DESC LIMIT 1`,
    )).getRowObjectsJS() as unknown as RunInfo[];
    const run = runs[0];
    if (!run) return null;
    const devices = (await connection.runAndReadAll('SELECT platform, device, available, reason, info FROM devices WHERE run_id = $run', { run: run.runId }))
      .getRowObjectsJS()
      .map((d) => ({ ...d, info: JSON.parse(String(d.info)) }) as unknown as DeviceReport);
    const rows = (await connection.runAndReadAll('SELECT * FROM results WHERE run_id = $run ORDER BY result_key', { run: run.runId })).getRowObjectsJS();
    return { run: { ...run, ci: Boolean(run.ci) }, devices, cells: rows.map((r) => rowToCell(r as Record<string, unknown>)) };
  });
}
