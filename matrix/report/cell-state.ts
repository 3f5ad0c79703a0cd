/**
 * What a reader sees for a cell: one of nine states, each with a terminal symbol, a Markdown
 * symbol, a colour and a legend text. A mock cell that passed is `mock`: shown, never counted as working.
 * A real pass that needed a retry is `flaky`: never shown as a clean pass.
 */
import type { CellRow } from './cell-row.js';

export const CELL_STATES = ['pass', 'flaky', 'mismatch', 'fail', 'mock', 'unsupported', 'skip', 'unavailable', 'missing'] as const;
export type CellState = (typeof CELL_STATES)[number];

/** How each state looks. `colour` names a chalk colour and an HTML colour. */
export const CELL_STATE_STYLE: Readonly<Record<CellState, { symbol: string; md: string; colour: 'green' | 'yellow' | 'red' | 'blue' | 'gray' | 'magenta'; html: string; legend: string }>> = {
  pass: { symbol: '✓', md: '✅', colour: 'green', html: '#2e9d4f', legend: 'pass (real inference, outputs agree with cpu/fp32)' },
  flaky: { symbol: '↻', md: '🔁', colour: 'magenta', html: '#9b4dca', legend: 'flaky (passed only after a retry of a timeout, out-of-memory or crash)' },
  mismatch: { symbol: '≠', md: '⚠️', colour: 'yellow', html: '#e0a526', legend: 'mismatch (runs, outputs disagree with cpu/fp32)' },
  fail: { symbol: '✗', md: '❌', colour: 'red', html: '#d2372f', legend: 'fail' },
  mock: { symbol: '◇', md: '🔷', colour: 'blue', html: '#4a7fd6', legend: 'mock only (no model files; logic checked, not the model)' },
  unsupported: { symbol: '⊘', md: '⊘', colour: 'gray', html: '#9a9a9a', legend: 'unsupported (e.g. no file for this dtype)' },
  skip: { symbol: '-', md: '–', colour: 'gray', html: '#c4c4c4', legend: 'skipped' },
  unavailable: { symbol: '·', md: '·', colour: 'gray', html: '#e6e6e6', legend: 'device unavailable in this run' },
  missing: { symbol: ' ', md: ' ', colour: 'gray', html: '#ffffff', legend: 'no cell' },
};

/** The state of one stored cell. */
export function cellState(cell: Pick<CellRow, 'status' | 'inference'> & Partial<Pick<CellRow, 'flaky'>>): CellState {
  if (cell.status === 'fail') return 'fail';
  if (cell.flaky === true && cell.status === 'pass' && cell.inference === 'real') return 'flaky';
  if (cell.inference === 'mock' && (cell.status === 'pass' || cell.status === 'mismatch')) return 'mock';
  if (cell.status === 'pass' || cell.status === 'mismatch' || cell.status === 'unsupported' || cell.status === 'skip') return cell.status;
  return 'fail';
}

/** Severity order used when several cells share one grid position: lower is shown. */
const SEVERITY: Readonly<Record<CellState, number>> = {
  fail: 0, mismatch: 1, flaky: 2, mock: 3, pass: 4, unsupported: 5, skip: 6, unavailable: 7, missing: 8,
};

/** The state to show for several cells in one place: the most severe. */
export function worstState(states: readonly CellState[]): CellState {
  return states.reduce<CellState>((worst, s) => (SEVERITY[s] < SEVERITY[worst] ? s : worst), 'missing');
}
