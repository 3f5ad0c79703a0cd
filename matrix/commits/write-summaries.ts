import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { openReadonly, type CompareOptions } from '../report/index.js';
import { buildSummaries, type CombinedSummary, type EntrySummary } from './build-summaries.js';
import { compareEntries, type EntryComparison } from './compare-entries.js';
import type { SummaryMetric } from './errors.js';
import type { MeasuredEntry } from './measured-entry.js';
import { renderEntriesTable } from './render-entries-table.js';

/** Everything a commits or versions run leaves: summaries, comparisons, the table. */
export interface SummaryOutput {
  outDir: string;
  summaries: EntrySummary[];
  combined: CombinedSummary;
  comparisons: EntryComparison[];
  /** Status changes for the worse plus significant latency regressions, over all consecutive pairs. */
  regressions: number;
  /** Files written, relative to outDir. */
  files: string[];
}

/**
 * Writes, as transformers' benchmark.py does, `<label>/summary.json` per entry, `summaries.json` with all
 * of them and a combined `summary.json` (model → configuration → entry → metrics), plus `compare.md`
 * (the cells × entries table and each consecutive comparison) and `compare.json`.
 */
export async function writeSummaries(
  dbPath: string,
  entries: readonly MeasuredEntry[],
  input: { outDir: string; metrics: readonly SummaryMetric[]; compare: CompareOptions },
): Promise<SummaryOutput> {
  const anyRan = entries.some((e) => e.runId !== null);
  const store = anyRan ? await openReadonly(dbPath) : null;
  let built: { summaries: EntrySummary[]; combined: CombinedSummary } = { summaries: entries.map((e) => ({ ...e, metricsSelected: [...input.metrics], cells: {} })), combined: {} };
  let comparisons: EntryComparison[] = [];
  try {
    if (store) {
      built = await buildSummaries(store, entries, input.metrics);
      comparisons = await compareEntries(store, entries, input.compare);
    }
  } finally {
    store?.close();
  }
  const files: string[] = [];
  const write = (rel: string, text: string): void => {
    mkdirSync(path.dirname(path.join(input.outDir, rel)), { recursive: true });
    writeFileSync(path.join(input.outDir, rel), text);
    files.push(rel);
  };
  for (const summary of built.summaries) write(`${summary.label}/summary.json`, `${JSON.stringify(summary, null, 2)}\n`);
  write('summaries.json', `${JSON.stringify(built.summaries, null, 2)}\n`);
  write('summary.json', `${JSON.stringify(built.combined, null, 2)}\n`);
  const metric = input.metrics[0] ?? 'latency_p50_ms';
  const table = renderEntriesTable(entries, built.combined, comparisons, metric, 'md');
  const pairs = comparisons.map((c) => {
    const worse = c.result.statusChanges.filter((s) => s.direction === 'worse').length;
    const slower = c.result.latency.filter((l) => l.verdict === 'regression').length;
    const faster = c.result.latency.filter((l) => l.verdict === 'improvement').length;
    return `- ${c.base} → ${c.head}: ${c.result.commonCells} cells in both, ${slower} significant regressions, ${faster} improvements, ${worse} status changes for the worse`;
  });
  write('compare.md', `# ${entries.map((e) => e.label).join(' → ')}\n\n${table}\n${pairs.join('\n')}\n`);
  write('compare.json', `${JSON.stringify(comparisons.map((c) => ({ base: c.base, head: c.head, statusChanges: c.result.statusChanges, latency: c.result.latency, commonCells: c.result.commonCells })), null, 2)}\n`);
  const regressions = comparisons.reduce(
    (n, c) => n + c.result.statusChanges.filter((s) => s.direction === 'worse').length + c.result.latency.filter((l) => l.verdict === 'regression').length,
    0,
  );
  return { outDir: input.outDir, ...built, comparisons, regressions, files };
}
