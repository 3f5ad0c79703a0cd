/** `matrix compare` output as terminal text, Markdown or JSON. */
import { Chalk } from 'chalk';
import { cellLabel } from './cell-label.js';
import type { CompareResult, LatencyChange } from './compare-runs.js';
import { formatMs } from './format-ms.js';
import { markdownTable } from './markdown-table.js';
import type { ColorLevel } from './render-terminal.js';

/** Regressions: status changes for the worse plus latency regressions. */
export function regressionCount(result: CompareResult): number {
  return result.statusChanges.filter((s) => s.direction === 'worse').length + result.latency.filter((l) => l.verdict === 'regression').length;
}

export function renderCompareTerminal(result: CompareResult, colorLevel: ColorLevel): string {
  const chalk = new Chalk({ level: colorLevel });
  const worse = result.statusChanges.filter((s) => s.direction === 'worse');
  const better = result.statusChanges.filter((s) => s.direction === 'better');
  const pick = (v: LatencyChange['verdict']): LatencyChange[] => result.latency.filter((l) => l.verdict === v).sort((a, b) => b.ratio - a.ratio);
  const lines = [...header(result).map((l, i) => (i === 0 ? chalk.bold(l) : l)), ''];
  const section = (title: string, items: string[], paint: (s: string) => string): void => {
    lines.push(chalk.bold(`${title} (${items.length})`), ...(items.length ? items.map((i) => `  ${paint(i)}`) : ['  none']), '');
  };
  section('Status changes for the worse', worse.map((s) => `${cellLabel(s.cell)}: ${s.base} → ${s.head}${detail(s.cell)}`), chalk.red);
  section('Status changes for the better', better.map((s) => `${cellLabel(s.cell)}: ${s.base} → ${s.head}`), chalk.green);
  section('Latency regressions', pick('regression').map(latencyLine), chalk.red);
  section('Latency improvements', pick('improvement').map(latencyLine), chalk.green);
  lines.push(summary(result));
  return `${lines.join('\n')}\n`;
}

export function renderCompareMarkdown(result: CompareResult): string {
  const [title, ...rest] = header(result);
  const out = [`## ${title}`, '', ...rest.map((l) => `${l}  `), ''];
  const status = result.statusChanges.map((s) => [s.direction === 'worse' ? '❌ worse' : '✅ better', cellLabel(s.cell), s.base, s.head]);
  out.push('### Status changes', '', ...(status.length ? markdownTable(['', 'cell', 'base', 'head'], status) : ['None.']), '');
  const significant = result.latency.filter((l) => l.verdict === 'regression' || l.verdict === 'improvement').sort((a, b) => b.ratio - a.ratio);
  out.push('### Significant latency changes', '', ...(significant.length
    ? markdownTable(['', 'cell', 'base median ms', 'head median ms', 'change', 'p'], significant.map((l) => [
      l.verdict === 'regression' ? '🐢 regression' : '🚀 improvement', cellLabel(l.cell), formatMs(l.baseMedianMs), formatMs(l.headMedianMs), percent(l.ratio), p(l.pValue),
    ]), [false, false, true, true, true, true])
    : ['None.']), '', summary(result));
  return `${out.join('\n')}\n`;
}

export function renderCompareJson(result: CompareResult): string {
  return `${JSON.stringify({ ...result, regressions: regressionCount(result) }, null, 2)}\n`;
}

function header(r: CompareResult): string[] {
  return [
    `compare base ${r.base.run.runId} → head ${r.head.run.runId}`,
    `base: ${r.base.via}, ${r.base.run.startedAt}, transformers.js ${r.base.run.transformersVersion}${r.base.run.gitSha ? `, git ${r.base.run.gitSha.slice(0, 7)}` : ''}`,
    `head: ${r.head.via}, ${r.head.run.startedAt}, transformers.js ${r.head.run.transformersVersion}${r.head.run.gitSha ? `, git ${r.head.run.gitSha.slice(0, 7)}` : ''}`,
    `latency: two-sided Mann–Whitney U on the stored samples, alpha ${r.options.alpha}, threshold ${(r.options.threshold * 100).toFixed(1)} % change of the median`,
  ];
}

function summary(r: CompareResult): string {
  const count = (v: LatencyChange['verdict']): number => r.latency.filter((l) => l.verdict === v).length;
  return `${r.commonCells} cells in both runs; ${r.latency.length} with latency in both: ${count('regression')} regressions, ${count('improvement')} improvements, ` +
    `${count('within-threshold')} significant but within the threshold, ${count('not-significant')} not significant (noise), ${count('too-few-samples')} with too few samples to test.`;
}

function latencyLine(l: LatencyChange): string {
  return `${cellLabel(l.cell)}: ${formatMs(l.baseMedianMs)} → ${formatMs(l.headMedianMs)} ms (${percent(l.ratio)}, p ${p(l.pValue)}, n ${l.baseSamples}/${l.headSamples})`;
}

function detail(cell: CompareResult['statusChanges'][number]['cell']): string {
  return cell.status === 'fail' && cell.errorMessage ? ` (${cell.errorStage}/${cell.errorType}: ${cell.errorMessage.slice(0, 100)})` : '';
}

function percent(ratio: number): string {
  const change = (ratio - 1) * 100;
  return `${change >= 0 ? '+' : ''}${change.toFixed(1)} %`;
}

function p(value: number | null): string {
  if (value === null) return 'n/a';
  return value < 0.0001 ? '< 0.0001' : value.toPrecision(2);
}
