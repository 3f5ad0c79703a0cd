import type { CellResult, DeviceReport, RunInfo } from '../harness/types.js';

/** Everything one run (or one shard of a run) stores: identity, devices, cells. */
export interface RunRecord {
  run: RunInfo;
  devices: DeviceReport[];
  cells: CellResult[];
  /** The run stopped before finishing (Ctrl-C, SIGTERM, cancelled); its cells are marked too. */
  interrupted: boolean;
  /** ISO time the run ended (or was interrupted). */
  finishedAt: string;
  /** Cells whose worker died while they ran (stored as fail/crashed or fail/out-of-memory); absent = 0. */
  crashedCells?: number;
}
