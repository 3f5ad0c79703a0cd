import { STATUSES, type CellResult } from '../harness/types.js';

/** `N cells: X pass, Y fail, …; R real, M mock` — the counts shown after a run. */
export function summarizeCells(cells: readonly CellResult[]): string {
  const count = (pick: (c: CellResult) => boolean) => cells.filter(pick).length;
  const statuses = STATUSES.map((s) => [s, count((c) => c.status === s)] as const)
    .filter(([, n]) => n > 0)
    .map(([s, n]) => `${n} ${s}`);
  const real = count((c) => c.inference === 'real');
  return `${cells.length} cell${cells.length === 1 ? '' : 's'}: ${statuses.join(', ')}; ${real} real, ${cells.length - real} mock`;
}
