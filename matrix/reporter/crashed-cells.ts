import type { CellResult } from '../harness/types.js';
import type { CollectedCell } from './build-run-records.js';
import type { StartedEntry } from './cell-journal.js';

/**
 * The cells whose worker died while they ran: a `started` journal entry, and no result by any way (vitest
 * never reported the test, the journal has no `finished` entry). Each becomes a `fail` at the last stage
 * it entered, typed `out-of-memory` when the kernel's OOM killer struck during the run (`oomKilled`),
 * else `crashed`.
 */
export function crashedCells(started: readonly StartedEntry[], hasResult: (testId: string) => boolean, oomKilled: boolean): CollectedCell[] {
  const last = new Map<string, StartedEntry>();
  for (const entry of started) if (!hasResult(entry.testId)) last.set(entry.testId, entry);
  return [...last.values()].map((entry) => {
    const { key, source, inference, stage } = entry.cell;
    const cell: CellResult = {
      key,
      source,
      inference,
      status: 'fail',
      stage,
      errorType: oomKilled ? 'out-of-memory' : 'crashed',
      message: oomKilled
        ? `the worker (pid ${entry.pid}) running this cell was killed by the kernel's OOM killer at stage ${stage}, before the cell finished`
        : `the worker (pid ${entry.pid}) running this cell died at stage ${stage}, before the cell finished (killed outright, e.g. SIGKILL, or it exited)`,
    };
    return { cell, run: entry.run, devices: entry.devices };
  });
}
