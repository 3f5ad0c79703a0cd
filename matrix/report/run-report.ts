/** `matrix report`: opens the store read-only, loads one run's cells and renders them in a format. */
import { loadReport } from './load-report.js';
import { openReadonly } from './open-readonly.js';
import type { ReportFilters } from './report-filters.js';
import { renderCsv, renderSpeedupCsv } from './render-csv.js';
import { renderJson } from './render-json.js';
import { renderMarkdown, renderSpeedupMarkdown } from './render-markdown.js';
import { renderSpeedupTerminal } from './render-speedup-terminal.js';
import { renderTerminal, type ColorLevel } from './render-terminal.js';

export const REPORT_FORMATS = ['terminal', 'md', 'csv', 'json', 'html'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

export interface ReportOptions {
  dbPath: string;
  runId?: string;
  filters: ReportFilters;
  format: ReportFormat;
  /** Only the speedup-over-cpu table. */
  speedup?: boolean;
  colorLevel: ColorLevel;
  widthColumns: number;
  /** Most points per cell history in the HTML dashboard. */
  historyPoints?: number;
}

/** The rendered report text. */
export async function runReport(options: ReportOptions): Promise<string> {
  const store = await openReadonly(options.dbPath);
  try {
    const data = await loadReport(store, options.runId, options.filters);
    if (!options.speedup && options.format !== 'csv') {
      const { recommend } = await import('../recommend/index.js');
      const { loadRecommendCells } = await import('./load-recommend-cells.js');
      data.recommendations = recommend(await loadRecommendCells(store, data.run.runId, options.filters));
    }
    switch (options.format) {
      case 'terminal':
        return options.speedup ? renderSpeedupTerminal(data, options.colorLevel) : renderTerminal(data, options);
      case 'md':
        return options.speedup ? renderSpeedupMarkdown(data) : renderMarkdown(data);
      case 'csv':
        return options.speedup ? renderSpeedupCsv(data.speedup) : renderCsv(data.run.runId, data.cells);
      case 'json':
        return options.speedup ? renderJson({ ...data, cells: [] }) : renderJson(data);
      case 'html': {
        const { renderHtml } = await import('./render-html.js');
        const { loadCellHistory } = await import('./load-cell-history.js');
        const history = await loadCellHistory(store, data.run, data.cells, options.filters, options.historyPoints ?? 60);
        return renderHtml(data, history);
      }
    }
  } finally {
    store.close();
  }
}
