import { Chalk } from 'chalk';
import { markdownTable, textTable } from '../report/index.js';
import type { CombinedSummary } from './build-summaries.js';
import type { EntryComparison } from './compare-entries.js';
import type { SummaryMetric } from './errors.js';
import type { MeasuredEntry } from './measured-entry.js';

/** What one table cell shows: the metric, and for a head entry the verdict against the entry before it. */
type Mark = 'regression' | 'improvement' | 'worse' | 'better' | '';

/**
 * One table: a row per cell (model + configuration), a column per commit or version, the first selected
 * metric in each; a value is marked ▲ (significant regression), ▼ (significant improvement) or a status
 * change against the column before. Failed entries are listed under the table with their reason.
 */
export function renderEntriesTable(
  entries: readonly MeasuredEntry[],
  combined: CombinedSummary,
  comparisons: readonly EntryComparison[],
  metric: SummaryMetric,
  format: 'terminal' | 'md',
  colorLevel: 0 | 1 | 2 | 3 = 0,
): string {
  const chalk = new Chalk({ level: colorLevel });
  const marks = new Map<string, Mark>(); // `${label}\u0000${resultKey}`
  for (const c of comparisons) {
    for (const l of c.result.latency) if (l.verdict === 'regression' || l.verdict === 'improvement') marks.set(`${c.head}\u0000${l.cell.resultKey}`, l.verdict);
    for (const s of c.result.statusChanges) marks.set(`${c.head}\u0000${s.cell.resultKey}`, s.direction);
  }
  const header = ['cell', ...entries.map((e) => e.label)];
  const rows: string[][] = [];
  let regressions = 0;
  for (const [model, configs] of Object.entries(combined)) {
    for (const [config, byLabel] of Object.entries(configs)) {
      const resultKey = Object.values(byLabel)[0]!.resultKey;
      const row = [`${model} ${config}`];
      for (const entry of entries) {
        const cell = byLabel[entry.label];
        if (!cell) {
          row.push(entry.status === 'failed' ? 'failed' : '—');
          continue;
        }
        const value = cell.metrics[metric];
        let text = cell.status !== 'pass' ? cell.status : value === null || value === undefined ? '—' : format3(value);
        const mark = marks.get(`${entry.label}\u0000${resultKey}`) ?? '';
        if (mark === 'regression' || mark === 'worse') regressions++;
        if (mark === 'regression') text = format === 'md' ? `**${text} ▲**` : chalk.red(`${text} ▲`);
        else if (mark === 'improvement') text = format === 'md' ? `${text} ▼` : chalk.green(`${text} ▼`);
        else if (mark === 'worse') text = format === 'md' ? `**${text} ✗**` : chalk.red(`${text} ✗`);
        row.push(text);
      }
      rows.push(row);
    }
  }
  const aligned = header.map((_, i) => i > 0);
  const lines = format === 'md' ? markdownTable(header, rows, aligned) : textTable([header, ...rows], aligned);
  const legend = `${metric} per cell; ▲ significant regression, ▼ significant improvement (Mann–Whitney on the stored samples, against the column before), ✗ status worse. ${regressions} regression${regressions === 1 ? '' : 's'}.`;
  const failed = entries.filter((e) => e.status === 'failed').map((e) => `- ${e.label} (${e.ref}): ${e.reason ?? 'failed'}`);
  return [...lines, '', legend, ...(failed.length ? ['', 'Not measured:', ...failed] : [])].join('\n') + '\n';
}

function format3(value: number): string {
  return Math.abs(value) >= 100 ? value.toFixed(0) : Math.abs(value) >= 10 ? value.toFixed(1) : value.toFixed(2);
}
