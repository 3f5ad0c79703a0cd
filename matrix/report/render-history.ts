/** `matrix history` output: per cell a sparkline of p50 over runs, pass share, and the anomalies. */
import { Chalk } from 'chalk';
import { cellLabel } from './cell-label.js';
import { formatMs } from './format-ms.js';
import type { CellHistory, HistoryData } from './load-cell-history.js';
import { markdownTable } from './markdown-table.js';
import type { ColorLevel } from './render-terminal.js';
import type { RunRow } from './run-row.js';
import { sparkline } from './sparkline.js';

export interface HistoryView {
  run: RunRow;
  history: HistoryData;
  /** Only cells with an anomaly. */
  anomaliesOnly: boolean;
}

export function renderHistoryTerminal(view: HistoryView, colorLevel: ColorLevel): string {
  const chalk = new Chalk({ level: colorLevel });
  const { history } = view;
  const cells = shown(view);
  const width = Math.max(0, ...cells.map((c) => cellLabel(c).length));
  const lines = [chalk.bold(`history up to run ${view.run.runId}: ${describeBuckets(history)}`), ''];
  for (const cell of cells) {
    const marks = new Set(cell.anomalies);
    const spark = sparkline(cell.p50Ms).map((ch, i) => (marks.has(i) ? chalk.red(ch) : ch)).join('');
    const first = cell.p50Ms.find((v) => v !== null) ?? null;
    const last = [...cell.p50Ms].reverse().find((v) => v !== null) ?? null;
    const pass = cell.passShare.filter((v) => v !== null) as number[];
    const passText = pass.length ? `pass ${Math.round((pass.reduce((a, b) => a + b, 0) / pass.length) * 100)} %` : '';
    const anomalyText = cell.anomalies.length ? chalk.red(` ⚠ ${cell.anomalies.map((i) => anomalyText_(history, cell, i)).join(', ')}`) : '';
    lines.push(`${cellLabel(cell).padEnd(width)}  ${spark}  p50 ${formatMs(first) || '–'} → ${formatMs(last) || '–'} ms  ${passText}${anomalyText}`);
  }
  if (cells.length === 0) lines.push(view.anomaliesOnly ? 'No anomalies.' : 'No cells.');
  lines.push('', chalk.dim('sparkline: p50 per point, low ▁ to high █; red: anomaly (outside the rolling median ± k·MAD of the previous points)'));
  return `${lines.join('\n')}\n`;
}

export function renderHistoryMarkdown(view: HistoryView): string {
  const rows = shown(view).map((cell) => [
    cellLabel(cell), sparkline(cell.p50Ms).join(''), formatMs(cell.p50Ms.find((v) => v !== null) ?? null),
    formatMs([...cell.p50Ms].reverse().find((v) => v !== null) ?? null),
    cell.anomalies.map((i) => anomalyText_(view.history, cell, i)).join(', '),
  ]);
  return `${[`## History up to run ${view.run.runId}`, '', describeBuckets(view.history), '', ...markdownTable(['cell', 'p50 trend', 'first ms', 'last ms', 'anomalies'], rows)].join('\n')}\n`;
}

export function renderHistoryJson(view: HistoryView): string {
  return `${JSON.stringify({ run: view.run, buckets: view.history.buckets, cells: shown(view) }, null, 2)}\n`;
}

function shown(view: HistoryView): CellHistory[] {
  return view.anomaliesOnly ? view.history.cells.filter((c) => c.anomalies.length > 0) : view.history.cells;
}

function describeBuckets(history: HistoryData): string {
  const runs = history.buckets.reduce((a, b) => a + b.runs, 0);
  const merged = history.buckets.some((b) => b.runs > 1);
  return `${runs} runs${merged ? ` in ${history.buckets.length} points (median of consecutive runs)` : ''}, ${history.buckets[0]?.from.slice(0, 10) ?? '–'} to ${history.buckets.at(-1)?.to.slice(0, 10) ?? '–'}`;
}

function anomalyText_(history: HistoryData, cell: CellHistory, i: number): string {
  const bucket = history.buckets[i]!;
  const previous = cell.p50Ms.slice(0, i).filter((v): v is number => v !== null).at(-1);
  const change = previous ? ` (${((cell.p50Ms[i]! / previous - 1) * 100).toFixed(0)} % vs previous)` : '';
  return `${bucket.runId ?? bucket.to.slice(0, 10)} ${formatMs(cell.p50Ms[i]!)} ms${change}`;
}
