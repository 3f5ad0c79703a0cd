/**
 * The matrix in a terminal: families × devices × dtypes with coloured symbols, p50 latency when
 * the grid fits the width, a legend, counts, and the devices that were unavailable.
 */
import { Chalk } from 'chalk';
import { renderRecommendationLines } from '../recommend/index.js';
import { buildGrid, entryKey, type Grid, type GridColumn } from './build-grid.js';
import { CELL_STATE_STYLE, type CellState } from './cell-state.js';
import { formatMs } from './format-ms.js';
import type { ReportData } from './load-report.js';
import { runHeadline } from './run-headline.js';

export type ColorLevel = 0 | 1 | 2 | 3;

export interface TerminalOptions {
  /** 0 = no colour (piped, NO_COLOR). */
  colorLevel: ColorLevel;
  /** Terminal width in columns; p50 latencies are shown only when the grid fits. */
  widthColumns: number;
}

const GAP = '  ';
/** Marks a position whose cells ran on a software GPU adapter. */
const SOFTWARE_MARK = '*';

/** The whole terminal report as one string ending in a newline. */
export function renderTerminal(data: ReportData, options: TerminalOptions): string {
  const chalk = new Chalk({ level: options.colorLevel });
  const grid = buildGrid(data.cells, data.devices);
  const out: string[] = [chalk.bold(runHeadline(data.run)), ''];
  if (grid.rows.length === 0) {
    out.push('No cells in this run.');
  } else {
    const wide = gridLines(grid, true, chalk);
    const fits = Math.max(...wide.plain.map((l) => l.length)) <= options.widthColumns;
    out.push(...(fits ? wide : gridLines(grid, false, chalk)).coloured);
    out.push('', fits ? chalk.dim('numbers: p50 latency in ms (smallest batch, real inference)') : chalk.dim(`p50 latency left out to fit ${options.widthColumns} columns; see --format md or a wider terminal`));
  }
  const legend = (['pass', 'flaky', 'mismatch', 'fail', 'mock', 'unsupported', 'skip', 'unavailable'] as const)
    .map((s) => `${paint(chalk, s, CELL_STATE_STYLE[s].symbol)} ${shortLegend(s)}`)
    .join('  ');
  out.push(legend);
  if (data.cells.some((c) => c.softwareAdapter === true)) out.push(chalk.dim(`${SOFTWARE_MARK} software GPU adapter (e.g. SwiftShader): timings not representative of a GPU`));
  const c = data.counts;
  out.push(`${c.total} cells: ${c.pass} pass · ${c.mismatch} mismatch · ${c.fail} fail · ${c.mock} mock only · ${c.unsupported} unsupported · ${c.skip} skipped · ${c.flaky} flaky`);
  for (const d of data.devices.filter((d) => !d.available)) out.push(chalk.dim(`unavailable: ${d.platform}/${d.device} — ${d.reason || 'no reason recorded'}`));
  if (data.recommendations && data.recommendations.length > 0) {
    out.push('', chalk.bold('Recommended') + chalk.dim(' (matrix recommend for the why and the cells passed over)'));
    out.push(...renderRecommendationLines(data.recommendations, { compact: true }));
  }
  return `${out.join('\n')}\n`;
}

function shortLegend(state: CellState): string {
  return { pass: 'pass', flaky: 'flaky (pass after retry)', mismatch: 'mismatch', fail: 'fail', mock: 'mock only', unsupported: 'unsupported', skip: 'skipped', unavailable: 'unavailable', missing: 'none' }[state];
}

function paint(chalk: InstanceType<typeof Chalk>, state: CellState, text: string): string {
  return chalk[CELL_STATE_STYLE[state].colour](text);
}

/** Grid lines, plain (for measuring) and coloured. */
function gridLines(grid: Grid, withLatency: boolean, chalk: InstanceType<typeof Chalk>): { plain: string[]; coloured: string[] } {
  const familyWidth = Math.max(6, ...grid.rows.map((r) => r.family.length));
  const taskWidth = Math.max(4, ...grid.rows.map((r) => r.task.length));
  const subWidths = grid.columns.map((col) => subColumnWidths(grid, col, withLatency));
  const groupWidths = grid.columns.map((col, i) => Math.max(`${col.platform}/${col.device}`.length, sum(subWidths[i]!) + subWidths[i]!.length - 1));
  const lead = (a: string, b: string): string => `${a.padEnd(familyWidth)}${GAP}${b.padEnd(taskWidth)}`;
  const plain: string[] = [];
  const coloured: string[] = [];
  const push = (p: string, c: string): void => { plain.push(p.trimEnd()); coloured.push(c.trimEnd()); };
  const head1 = lead('', '') + grid.columns.map((col, i) => GAP + `${col.platform}/${col.device}`.padEnd(groupWidths[i]!)).join('');
  push(head1, chalk.bold(head1.trimEnd()));
  const head2 = lead('family', 'task') + grid.columns.map((col, i) => GAP + subHeaders(col).map((d, j) => d.padEnd(subWidths[i]![j]!)).join(' ').padEnd(groupWidths[i]!)).join('');
  push(head2, chalk.bold(head2.trimEnd()));
  for (const row of grid.rows) {
    let p = lead(row.family, row.task);
    let c = p;
    grid.columns.forEach((col, i) => {
      const parts = subHeaders(col).map((dtype, j) => {
        const entry = col.available ? row.entries.get(entryKey(col.platform, col.device, dtype)) : undefined;
        const state: CellState = !col.available ? 'unavailable' : (entry?.state ?? 'missing');
        const text = CELL_STATE_STYLE[state].symbol + (entry?.software ? SOFTWARE_MARK : '') + (withLatency && entry?.latencyP50Ms != null ? ` ${formatMs(entry.latencyP50Ms)}` : '');
        const padded = text.padEnd(subWidths[i]![j]!);
        return { plain: padded, coloured: paint(chalk, state, text) + padded.slice(text.length) };
      });
      const width = groupWidths[i]!;
      const joined = parts.map((x) => x.plain).join(' ');
      p += GAP + joined.padEnd(width);
      c += GAP + parts.map((x) => x.coloured).join(' ') + ' '.repeat(Math.max(0, width - joined.length));
    });
    push(p, c);
  }
  return { plain, coloured };
}

function subHeaders(col: GridColumn): string[] {
  return col.available ? col.dtypes : ['n/a'];
}

function subColumnWidths(grid: Grid, col: GridColumn, withLatency: boolean): number[] {
  return subHeaders(col).map((dtype) => {
    let width = dtype.length;
    if (withLatency && col.available) {
      for (const row of grid.rows) {
        const entry = row.entries.get(entryKey(col.platform, col.device, dtype));
        const p50 = entry?.latencyP50Ms;
        if (p50 != null) width = Math.max(width, 2 + (entry?.software ? SOFTWARE_MARK.length : 0) + formatMs(p50).length);
      }
    }
    return width;
  });
}

function sum(values: readonly number[]): number {
  return values.reduce((a, b) => a + b, 0);
}
