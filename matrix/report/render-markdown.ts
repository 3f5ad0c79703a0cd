/**
 * The report as GitHub Markdown for a pull request or a README: grid with p50, legend, counts,
 * speedup over node cpu, failures and mismatches, unavailable devices.
 */
import { renderRecommendationsMarkdown } from '../recommend/index.js';
import { buildGrid, entryKey } from './build-grid.js';
import { CELL_STATE_STYLE, type CellState } from './cell-state.js';
import { formatMs } from './format-ms.js';
import type { ReportData } from './load-report.js';
import { escapeMarkdownCell, markdownTable } from './markdown-table.js';
import { runHeadline } from './run-headline.js';
import { speedupTable } from './speedup-table.js';

/** Most failures listed before "and N more". */
const MAX_PROBLEMS = 50;

export function renderMarkdown(data: ReportData): string {
  const out = [`## ${escapeMarkdownCell(runHeadline(data.run))}`, ''];
  out.push(...gridSection(data), '');
  out.push(...speedupSection(data), '');
  out.push(...problemsSection(data));
  const flaky = data.cells.filter((c) => c.flaky);
  if (flaky.length > 0) {
    out.push('', '### Flaky cells', '', 'Passed only after a retry of a transient failure (timeout, out of memory, crashed worker): not a clean pass.', '');
    out.push(...markdownTable(['family', 'task', 'device', 'dtype', 'retries'], flaky.map((c) => [c.family, c.task, `${c.platform}/${c.device}`, c.dtype, String(c.retries)])));
  }
  out.push(...sizesSection(data));
  const unavailable = data.devices.filter((d) => !d.available);
  if (unavailable.length > 0) {
    out.push('', '### Unavailable devices', '');
    for (const d of unavailable) out.push(`- \`${d.platform}/${d.device}\`: ${escapeMarkdownCell(d.reason || 'no reason recorded')}`);
  }
  if (data.recommendations) out.push('', ...renderRecommendationsMarkdown(data.recommendations, escapeMarkdownCell));
  return `${out.join('\n')}\n`;
}

/** Only the speedup section (for `--speedup --format md`). */
export function renderSpeedupMarkdown(data: ReportData): string {
  return `${[`## ${escapeMarkdownCell(runHeadline(data.run))}`, '', ...speedupSection(data)].join('\n')}\n`;
}

function gridSection(data: ReportData): string[] {
  const grid = buildGrid(data.cells, data.devices);
  if (grid.rows.length === 0) return ['No cells in this run.'];
  const slots = grid.columns.flatMap((col) =>
    col.available ? col.dtypes.map((dtype) => ({ col, dtype, title: `${col.platform}/${col.device} ${dtype}` })) : [{ col, dtype: '', title: `${col.platform}/${col.device}` }]);
  const rows = grid.rows.map((row) => [
    row.family, row.task,
    ...slots.map(({ col, dtype }) => {
      if (!col.available) return CELL_STATE_STYLE.unavailable.md;
      const entry = row.entries.get(entryKey(col.platform, col.device, dtype));
      if (!entry) return '';
      const p50 = formatMs(entry.latencyP50Ms);
      return `${CELL_STATE_STYLE[entry.state].md}${p50 ? ` ${p50}` : ''}`;
    }),
  ]);
  const c = data.counts;
  const legend = (['pass', 'flaky', 'mismatch', 'fail', 'mock', 'unsupported', 'skip', 'unavailable'] as CellState[])
    .map((s) => `${CELL_STATE_STYLE[s].md} ${CELL_STATE_STYLE[s].legend}`).join(' · ');
  return [
    ...markdownTable(['family', 'task', ...slots.map((s) => s.title)], rows),
    '',
    `Numbers are p50 latency in ms (smallest batch, real inference). ${legend}.`,
    '',
    `**${c.total} cells**: ${c.pass} pass · ${c.mismatch} mismatch · ${c.fail} fail · ${c.mock} mock only · ${c.unsupported} unsupported · ${c.skip} skipped · ${c.flaky} flaky`,
  ];
}

function speedupSection(data: ReportData): string[] {
  const out = ['### Speedup over node/cpu', ''];
  if (data.speedup.length === 0) return [...out, 'No accelerator cell has a measured node/cpu counterpart in this run.'];
  const table = speedupTable(data.speedup);
  return [...out, 'cpu p50 ÷ device p50 for the same family, task, model, dtype and batch; above 1 is faster than cpu.', '', ...markdownTable(table.header, table.rows, table.rightAligned)];
}

function problemsSection(data: ReportData): string[] {
  const problems = data.cells.filter((c) => c.status === 'fail' || c.status === 'mismatch');
  if (problems.length === 0) return ['### Failures and mismatches', '', 'None.'];
  const rows = problems.slice(0, MAX_PROBLEMS).map((c) => [
    c.family, c.task, `${c.platform}/${c.device}`, c.dtype, c.status,
    c.status === 'fail' ? `${c.errorStage ?? '?'}/${c.errorType ?? '?'}: ${(c.errorMessage ?? '').slice(0, 160)}`
      : `cosine ${c.parityCosine?.toFixed(4) ?? '?'}, max abs diff ${c.parityMaxAbsDiff?.toPrecision(3) ?? '?'}, top-1 ${c.parityTopAgreement?.toFixed(2) ?? '?'}`,
  ]);
  const more = problems.length > MAX_PROBLEMS ? ['', `…and ${problems.length - MAX_PROBLEMS} more (see --format csv).`] : [];
  return ['### Failures and mismatches', '', ...markdownTable(['family', 'task', 'device', 'dtype', 'status', 'detail'], rows), ...more];
}

/** FLOPs, achieved GFLOP/s and model size of the cells that have them (schema v2 stores). */
function sizesSection(data: ReportData): string[] {
  const sized = data.cells.filter((c) => c.flops != null || c.modelBytes != null);
  if (sized.length === 0) return [];
  const rows = sized.slice(0, MAX_PROBLEMS).map((c) => [
    c.family, c.task, `${c.platform}/${c.device}`, c.dtype,
    c.modelBytes == null ? '' : (c.modelBytes / 2 ** 20).toFixed(2),
    c.flops == null ? 'n/a' : c.flops.toExponential(3),
    c.flopsPerToken == null ? '' : c.flopsPerToken.toExponential(3),
    c.gflopsPerSecond == null ? '' : c.gflopsPerSecond.toPrecision(3),
  ]);
  const more = sized.length > MAX_PROBLEMS ? ['', `…and ${sized.length - MAX_PROBLEMS} more (see --format csv).`] : [];
  return [
    '', '### FLOPs and model size', '',
    'FLOPs of one forward at the measured input shapes (generation: the prefill, and per generated token) from the ONNX graph; GFLOP/s from the measured latency; n/a where the shape is not known (the cell\'s notes say why).',
    '', ...markdownTable(['family', 'task', 'device', 'dtype', 'model MiB', 'FLOPs', 'FLOPs/token', 'GFLOP/s'], rows, [false, false, false, false, true, true, true, true]), ...more,
  ];
}
