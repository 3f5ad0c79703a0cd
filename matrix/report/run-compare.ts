/** `matrix compare`: resolves both references, compares the runs, renders the result. */
import { MatrixError } from '../errors.js';
import { compareRuns } from './compare-runs.js';
import { openReadonly } from './open-readonly.js';
import { renderCompareJson, renderCompareMarkdown, renderCompareTerminal, regressionCount } from './render-compare.js';
import type { ReportFilters } from './report-filters.js';
import type { ColorLevel } from './render-terminal.js';
import { resolveRef } from './resolve-ref.js';

export interface CompareCommandOptions {
  dbPath: string;
  base: string;
  head: string;
  filters: ReportFilters;
  format: 'terminal' | 'md' | 'json';
  /** As typed: a number in (0, 1). */
  alpha: string;
  /** As typed: a percentage ≥ 0. */
  thresholdPercent: string;
  colorLevel: ColorLevel;
}

export async function runCompare(options: CompareCommandOptions): Promise<{ text: string; regressions: number }> {
  const alpha = Number(options.alpha);
  if (!(alpha > 0 && alpha < 1)) throw new MatrixError('REPORT_BAD_OPTION', `--alpha ${JSON.stringify(options.alpha)} is not a probability between 0 and 1.`, 'Use e.g. --alpha 0.05 or 0.01.');
  const thresholdPercent = Number(options.thresholdPercent);
  if (!(thresholdPercent >= 0) || !Number.isFinite(thresholdPercent)) {
    throw new MatrixError('REPORT_BAD_OPTION', `--threshold ${JSON.stringify(options.thresholdPercent)} is not a percentage ≥ 0.`, 'Use e.g. --threshold 5 for 5 %.');
  }
  const store = await openReadonly(options.dbPath);
  try {
    const base = await resolveRef(store, options.base);
    const head = await resolveRef(store, options.head);
    const result = await compareRuns(store, base, head, options.filters, { alpha, threshold: thresholdPercent / 100 });
    const text = options.format === 'md' ? renderCompareMarkdown(result) : options.format === 'json' ? renderCompareJson(result) : renderCompareTerminal(result, options.colorLevel);
    return { text, regressions: regressionCount(result) };
  } finally {
    store.close();
  }
}
