import { compareRuns, resolveRef, type CompareOptions, type CompareResult, type ReadonlyStore } from '../report/index.js';
import type { MeasuredEntry } from './measured-entry.js';

/** The comparison of one entry with the entry measured before it. */
export interface EntryComparison {
  base: string;
  head: string;
  result: CompareResult;
}

/**
 * `matrix compare` between consecutive entries that ran (a failed entry is skipped: the next one is
 * compared with the last that ran), so each change is marked significant or not on the stored samples.
 */
export async function compareEntries(store: ReadonlyStore, entries: readonly MeasuredEntry[], options: CompareOptions): Promise<EntryComparison[]> {
  const ran = entries.filter((e) => e.status === 'ok' && e.runId !== null);
  const out: EntryComparison[] = [];
  for (let i = 1; i < ran.length; i++) {
    const [base, head] = [ran[i - 1]!, ran[i]!];
    const result = await compareRuns(store, await resolveRef(store, `run:${base.runId}`), await resolveRef(store, `run:${head.runId}`), {}, options);
    out.push({ base: base.label, head: head.label, result });
  }
  return out;
}
