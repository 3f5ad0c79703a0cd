/** `matrix history`: the chosen run's cells over their last runs, with anomalies; or the list of runs. */
import { DEFAULT_ANOMALY_OPTIONS } from './detect-anomalies.js';
import { loadCellHistory } from './load-cell-history.js';
import { loadCells } from './load-cells.js';
import { openReadonly } from './open-readonly.js';
import { renderHistoryJson, renderHistoryMarkdown, renderHistoryTerminal } from './render-history.js';
import type { ReportFilters } from './report-filters.js';
import type { ColorLevel } from './render-terminal.js';
import { resolveRun } from './resolve-run.js';
import { RUN_COLUMNS, type RunRow } from './run-row.js';
import { textTable } from './text-table.js';

export interface HistoryCommandOptions {
  dbPath: string;
  runId?: string;
  filters: ReportFilters;
  format: 'terminal' | 'md' | 'json';
  lastRuns: number;
  window: number;
  k: number;
  anomaliesOnly: boolean;
  /** List the runs instead of cell histories. */
  listRuns: boolean;
  colorLevel: ColorLevel;
}

export async function runHistory(options: HistoryCommandOptions): Promise<string> {
  const store = await openReadonly(options.dbPath);
  try {
    if (options.listRuns) {
      await resolveRun(store); // empty store → clear error
      const runs = await store.all<RunRow & { cells: number }>(`SELECT ${RUN_COLUMNS}, cells FROM runs ORDER BY started_at DESC, run_id DESC LIMIT ?`, [options.lastRuns]);
      if (options.format === 'json') return `${JSON.stringify(runs, null, 2)}\n`;
      const rows = runs.map((r) => [r.runId, r.startedAt, r.transformersVersion, r.gitSha?.slice(0, 12) ?? '', r.host, String(r.cells), r.interrupted ? 'interrupted' : '']);
      return `${textTable([['run', 'started', 'transformers.js', 'git', 'host', 'cells', ''], ...rows]).join('\n')}\n`;
    }
    const run = await resolveRun(store, options.runId);
    const cells = await loadCells(store, run.runId, options.filters);
    const history = await loadCellHistory(store, run, cells, options.filters, options.lastRuns, {
      lastRuns: options.lastRuns,
      anomaly: { ...DEFAULT_ANOMALY_OPTIONS, window: options.window, k: options.k },
    });
    const view = { run, history, anomaliesOnly: options.anomaliesOnly };
    if (options.format === 'md') return renderHistoryMarkdown(view);
    if (options.format === 'json') return renderHistoryJson(view);
    return renderHistoryTerminal(view, options.colorLevel);
  } finally {
    store.close();
  }
}
