/** Everything one report needs, read from the store: the run, its filtered cells, devices, counts, speedups. */
import type { Recommendation } from '../recommend/index.js';
import type { CellRow } from './cell-row.js';
import { computeSpeedup, type SpeedupRow } from './compute-speedup.js';
import { countStates, type StateCounts } from './count-states.js';
import { loadCells } from './load-cells.js';
import { loadDevices, type DeviceRow } from './load-devices.js';
import type { ReadonlyStore } from './open-readonly.js';
import type { ReportFilters } from './report-filters.js';
import { resolveRun } from './resolve-run.js';
import type { RunRow } from './run-row.js';

export interface ReportData {
  run: RunRow;
  filters: ReportFilters;
  cells: CellRow[];
  /** Devices probed in the run (filtered by --device when given). */
  devices: DeviceRow[];
  counts: StateCounts;
  speedup: SpeedupRow[];
  /** The device × dtype to ship per model × task × platform (`matrix recommend`); set by the full report formats. */
  recommendations?: Recommendation[];
}

/** Loads the report of `runId` (latest when absent) with `filters`. */
export async function loadReport(store: ReadonlyStore, runId: string | undefined, filters: ReportFilters): Promise<ReportData> {
  const run = await resolveRun(store, runId);
  const cells = await loadCells(store, run.runId, filters);
  const devices = (await loadDevices(store, run.runId)).filter(
    (d) => !filters.device || filters.device.some((f) => f === d.device || f === `${d.platform}/${d.device}`),
  );
  return { run, filters, cells, devices, counts: countStates(cells), speedup: computeSpeedup(cells) };
}
