/** `matrix recommend`: opens the store read-only, ranks one run's cells per model × task × platform, renders. */
import { NothingToRecommendError, recommend, renderRecommendationLines, renderRecommendationsMarkdown, type Recommendation, type RecommendMetric } from '../recommend/index.js';
import { loadRecommendCells } from './load-recommend-cells.js';
import { escapeMarkdownCell } from './markdown-table.js';
import { openReadonly } from './open-readonly.js';
import type { ReportFilters } from './report-filters.js';
import { resolveRun } from './resolve-run.js';
import { runHeadline } from './run-headline.js';

export interface RecommendRunOptions {
  dbPath: string;
  runId?: string;
  filters: ReportFilters;
  /** Only this model id (exact). */
  modelId?: string;
  platform?: 'node' | 'web';
  metric: RecommendMetric;
  alpha: number;
  thresholdPercent: number;
  minSamples: number;
  format: 'terminal' | 'md' | 'json';
}

/** The rendered recommendations. */
export async function runRecommend(options: RecommendRunOptions): Promise<string> {
  const store = await openReadonly(options.dbPath);
  let recommendations: Recommendation[];
  let headline: string;
  let runId: string;
  try {
    const run = await resolveRun(store, options.runId);
    headline = runHeadline(run);
    runId = run.runId;
    const all = await loadRecommendCells(store, run.runId, options.filters);
    const cells = all.filter((c) => (!options.modelId || c.modelId === options.modelId) && (!options.platform || c.platform === options.platform));
    if (cells.length === 0) {
      const what = [options.modelId && `model ${options.modelId}`, options.platform && `platform ${options.platform}`].filter(Boolean).join(' on ');
      const present = [...new Set(all.map((c) => (options.modelId ? `${c.modelId} (${c.platform})` : c.platform)))];
      throw new NothingToRecommendError(what || 'these filters', present);
    }
    recommendations = recommend(cells, { metric: options.metric, alpha: options.alpha, thresholdPercent: options.thresholdPercent, minSamples: options.minSamples });
  } finally {
    store.close();
  }
  switch (options.format) {
    case 'json':
      return `${JSON.stringify({ runId, metric: options.metric, recommendations }, null, 2)}\n`;
    case 'md':
      return `${[`## ${escapeMarkdownCell(headline)}`, '', ...renderRecommendationsMarkdown(recommendations, escapeMarkdownCell)].join('\n')}\n`;
    default:
      return `${[headline, '', ...renderRecommendationLines(recommendations, { passedOver: true })].join('\n')}\n`;
  }
}
