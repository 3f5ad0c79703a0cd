/** Counts of cells per displayed state. */
import type { CellRow } from './cell-row.js';
import { CELL_STATES, cellState, type CellState } from './cell-state.js';

export type StateCounts = Record<CellState, number> & { total: number };

/** How many cells are in each state (unavailable and missing stay 0: they are not cells). */
export function countStates(cells: readonly CellRow[]): StateCounts {
  const counts = Object.fromEntries(CELL_STATES.map((s) => [s, 0])) as StateCounts;
  counts.total = cells.length;
  for (const cell of cells) counts[cellState(cell)]++;
  return counts;
}
