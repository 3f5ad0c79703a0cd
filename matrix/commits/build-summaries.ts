import type { ReadonlyStore } from '../report/index.js';
import type { SummaryMetric } from './errors.js';
import type { MeasuredEntry } from './measured-entry.js';

/** One cell of one entry's run: status and the selected metrics. */
export interface SummaryCell {
  resultKey: string;
  status: string;
  inference: string;
  metrics: Partial<Record<SummaryMetric, number | null>>;
}

/** summary.json of one commit or version, as transformers' benchmark.py writes one per commit. */
export interface EntrySummary extends MeasuredEntry {
  metricsSelected: SummaryMetric[];
  /** By model id, then configuration (`{task}/{platform}_{device}_{dtype}_b{batch}[…]`). */
  cells: Record<string, Record<string, SummaryCell>>;
}

/** The combined summary: model → configuration → entry label → status and metrics. */
export type CombinedSummary = Record<string, Record<string, Record<string, SummaryCell>>>;

/** The configuration part of a result key: its task and its last (parameters) segment. */
export function configurationOf(resultKey: string): string {
  const parts = resultKey.split('/');
  return `${parts[0]}/${parts[parts.length - 1]}`;
}

/** Reads each entry's stored cells and builds its summary, plus the combined one. */
export async function buildSummaries(
  store: ReadonlyStore,
  entries: readonly MeasuredEntry[],
  metrics: readonly SummaryMetric[],
): Promise<{ summaries: EntrySummary[]; combined: CombinedSummary }> {
  const summaries: EntrySummary[] = [];
  const combined: CombinedSummary = {};
  for (const entry of entries) {
    const summary: EntrySummary = { ...entry, metricsSelected: [...metrics], cells: {} };
    if (entry.runId !== null) {
      const run = await store.all<{ tf: string; ort: string }>('SELECT transformers_version AS tf, ort_version AS ort FROM runs WHERE run_id = $1', [entry.runId]);
      if (run[0]) {
        summary.transformersVersion = run[0].tf;
        summary.ortVersion = run[0].ort;
      }
      const rows = await store.all<Record<string, unknown>>(
        `SELECT result_key, model_id, status, inference, ${metrics.map((m) => `${m}::DOUBLE AS ${m}`).join(', ')} FROM results WHERE run_id = $1 ORDER BY result_key`,
        [entry.runId],
      );
      for (const row of rows) {
        const cell: SummaryCell = {
          resultKey: String(row.result_key),
          status: String(row.status),
          inference: String(row.inference),
          metrics: Object.fromEntries(metrics.map((m) => [m, row[m] === null || row[m] === undefined ? null : Number(row[m])])),
        };
        const model = String(row.model_id);
        const config = configurationOf(String(row.result_key));
        (summary.cells[model] ??= {})[config] = cell;
        ((combined[model] ??= {})[config] ??= {})[entry.label] = cell;
      }
    }
    summaries.push(summary);
  }
  return { summaries, combined };
}
