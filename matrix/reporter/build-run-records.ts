/**
 * Turns the cells a vitest run collected into the run records the store writes: one per run id,
 * each with the union of the devices its test files reported.
 *
 * Run identity: the cell's test file meta (set by record-run-meta.ts) or the project's provided
 * `matrixRun`; `MATRIX_RUN_ID` overrides the id so CI shards can share one run. A shard run
 * records `i/n` (from RunInfo.shard, else vitest's --shard). A merge of blob reports
 * (`--merge-reports`) is one run: the earliest shard's identity, shard scope = the shards merged.
 */
import type { CellResult, DeviceReport, RunInfo } from '../harness/types.js';
import type { RunRecord } from '../store/run-record.js';
import { normaliseScope } from '../store/shard-scope.js';

/** One cell as the reporter collected it, with the run context its test saw. */
export interface CollectedCell {
  cell: CellResult;
  run: RunInfo | undefined;
  devices: readonly DeviceReport[] | undefined;
}

export interface BuildOptions {
  /** True in a `vitest --merge-reports` process. */
  merged: boolean;
  /** `i/n` when vitest runs with --shard. */
  configShard: string | null;
  /** `MATRIX_RUN_ID`, when set. */
  runIdOverride: string | undefined;
  interrupted: boolean;
  finishedAt: string;
  /** Identity for cells that came without one (no globalSetup provided it). */
  fallbackRun: () => RunInfo;
}

/** The records to store, one per run id, in first-seen order. */
export function buildRunRecords(collected: readonly CollectedCell[], options: BuildOptions): RunRecord[] {
  let fallback: RunInfo | undefined;
  const runOf = (c: CollectedCell): RunInfo => {
    const base = c.run ?? (fallback ??= options.fallbackRun());
    const shard = base.shard ?? (options.merged ? null : options.configShard);
    return { ...base, runId: options.runIdOverride || base.runId, shard };
  };
  const entries = collected.map((c) => ({ ...c, run: runOf(c) }));
  if (options.merged && entries.length > 0) {
    const earliest = [...entries].sort((a, b) => Date.parse(a.run.startedAt) - Date.parse(b.run.startedAt))[0]!.run;
    const shards = entries.map((e) => e.run.shard);
    const scope = shards.every((s) => s !== null) ? normaliseScope(shards as string[]) : null;
    for (const e of entries) e.run = { ...earliest, shard: scope };
  }

  const byRun = new Map<string, { run: RunInfo; devices: Map<string, DeviceReport>; cells: CellResult[] }>();
  for (const e of entries) {
    let group = byRun.get(e.run.runId);
    if (!group) byRun.set(e.run.runId, (group = { run: e.run, devices: new Map(), cells: [] }));
    group.cells.push(e.cell);
    for (const d of e.devices ?? []) {
      const id = `${d.platform}/${d.device}`;
      const seen = group.devices.get(id);
      if (!seen || (!seen.available && d.available)) group.devices.set(id, d);
    }
  }
  return [...byRun.values()].map((g) => ({
    run: g.run,
    devices: [...g.devices.values()],
    cells: g.cells,
    interrupted: options.interrupted,
    finishedAt: options.finishedAt,
  }));
}
