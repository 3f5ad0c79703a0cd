/** Picks the run a report is about: the one named by --run, else the latest by start time. */
import { closestMatches } from '../errors.js';
import { EmptyStoreError, UnknownRunError } from './errors.js';
import type { ReadonlyStore } from './open-readonly.js';
import { RUN_COLUMNS, type RunRow } from './run-row.js';

/** The run `runId` (or the latest); throws EmptyStoreError or UnknownRunError. */
export async function resolveRun(store: ReadonlyStore, runId?: string): Promise<RunRow> {
  if (runId === undefined) {
    const [latest] = await store.all<RunRow>(`SELECT ${RUN_COLUMNS} FROM runs ORDER BY started_at DESC, run_id DESC LIMIT 1`);
    if (!latest) throw new EmptyStoreError(store.path);
    return latest;
  }
  const [run] = await store.all<RunRow>(`SELECT ${RUN_COLUMNS} FROM runs WHERE run_id = ?`, [runId]);
  if (run) return run;
  const ids = await store.all<{ runId: string }>(`SELECT run_id AS "runId" FROM runs ORDER BY started_at DESC, run_id DESC`);
  if (ids.length === 0) throw new EmptyStoreError(store.path);
  const all = ids.map((r) => r.runId);
  throw new UnknownRunError(runId, closestMatches(runId, all), all.slice(0, 5));
}
