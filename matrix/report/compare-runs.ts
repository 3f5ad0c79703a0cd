/**
 * `matrix compare`: cell by cell between a base and a head run. Status changes are reported as they are;
 * a latency change is a regression (or improvement) only when a two-sided Mann–Whitney U test on the
 * stored samples gives p < alpha AND the median moved by more than the threshold.
 */
import type { CellRow } from './cell-row.js';
import { CELL_COLUMNS } from './cell-row.js';
import { cellState, type CellState } from './cell-state.js';
import { mannWhitneyU } from './mann-whitney-u.js';
import { median } from './median.js';
import type { ReadonlyStore } from './open-readonly.js';
import { filterSql, type ReportFilters } from './report-filters.js';
import type { ResolvedRef } from './resolve-ref.js';

export interface CompareOptions {
  /** Significance level of the test, e.g. 0.05. */
  alpha: number;
  /** Smallest relative change of the median that matters, e.g. 0.05 for 5 %. */
  threshold: number;
}

export type LatencyVerdict = 'regression' | 'improvement' | 'within-threshold' | 'not-significant' | 'too-few-samples';

export interface StatusChange {
  cell: CellRow;
  base: CellState | 'absent';
  head: CellState | 'absent';
  /** worse: head is more severe (pass → fail/mismatch, …) or the cell is gone; better: the reverse or new. */
  direction: 'worse' | 'better';
}

export interface LatencyChange {
  cell: CellRow;
  baseMedianMs: number;
  headMedianMs: number;
  /** head median ÷ base median. */
  ratio: number;
  pValue: number | null;
  baseSamples: number;
  headSamples: number;
  verdict: LatencyVerdict;
}

export interface CompareResult {
  base: ResolvedRef;
  head: ResolvedRef;
  options: CompareOptions;
  statusChanges: StatusChange[];
  latency: LatencyChange[];
  /** Cells in both runs. */
  commonCells: number;
}

/** Fewest samples on each side for the test to be run. */
export const MIN_SAMPLES = 3;

const RANK: Record<CellState | 'absent', number> = { pass: 0, flaky: 1, mock: 1, unsupported: 1, skip: 1, mismatch: 2, fail: 3, absent: 4, unavailable: 4, missing: 4 };

type Row = CellRow & { samplesMs: number[] | null };

export async function compareRuns(store: ReadonlyStore, base: ResolvedRef, head: ResolvedRef, filters: ReportFilters, options: CompareOptions): Promise<CompareResult> {
  const [baseCells, headCells] = await Promise.all([load(store, base.run.runId, filters), load(store, head.run.runId, filters)]);
  const byKey = new Map(baseCells.map((c) => [c.resultKey, c]));
  const statusChanges: StatusChange[] = [];
  const latency: LatencyChange[] = [];
  let commonCells = 0;
  for (const h of headCells) {
    const b = byKey.get(h.resultKey);
    byKey.delete(h.resultKey);
    if (!b) {
      statusChanges.push({ cell: strip(h), base: 'absent', head: cellState(h), direction: 'better' });
      continue;
    }
    commonCells++;
    const [bs, hs] = [cellState(b), cellState(h)];
    if (bs !== hs) statusChanges.push({ cell: strip(h), base: bs, head: hs, direction: RANK[hs] > RANK[bs] ? 'worse' : 'better' });
    const change = latencyChange(b, h, options);
    if (change) latency.push(change);
  }
  for (const b of byKey.values()) statusChanges.push({ cell: strip(b), base: cellState(b), head: 'absent', direction: 'worse' });
  return { base, head, options, statusChanges, latency, commonCells };
}

/** The latency comparison of one cell measured (real, pass or mismatch) in both runs, else undefined. */
export function latencyChange(b: Row, h: Row, options: CompareOptions): LatencyChange | undefined {
  const measured = (c: Row): boolean => c.inference === 'real' && (c.status === 'pass' || c.status === 'mismatch') && c.latencyP50Ms !== null;
  if (!measured(b) || !measured(h)) return undefined;
  const bSamples = b.samplesMs ?? [];
  const hSamples = h.samplesMs ?? [];
  const baseMedianMs = bSamples.length > 0 ? median(bSamples) : b.latencyP50Ms!;
  const headMedianMs = hSamples.length > 0 ? median(hSamples) : h.latencyP50Ms!;
  const ratio = headMedianMs / baseMedianMs;
  const common = { cell: strip(h), baseMedianMs, headMedianMs, ratio, baseSamples: bSamples.length, headSamples: hSamples.length };
  if (bSamples.length < MIN_SAMPLES || hSamples.length < MIN_SAMPLES) return { ...common, pValue: null, verdict: 'too-few-samples' };
  const { pValue } = mannWhitneyU(bSamples, hSamples);
  let verdict: LatencyVerdict = 'not-significant';
  if (pValue < options.alpha) {
    if (ratio > 1 + options.threshold) verdict = 'regression';
    else if (ratio < 1 / (1 + options.threshold)) verdict = 'improvement';
    else verdict = 'within-threshold';
  }
  return { ...common, pValue, verdict };
}

async function load(store: ReadonlyStore, runId: string, filters: ReportFilters): Promise<Row[]> {
  const where = filterSql(filters);
  return store.all<Row>(`SELECT ${CELL_COLUMNS}, samples_ms AS "samplesMs" FROM results WHERE run_id = ?${where.sql}`, [runId, ...where.params]);
}

function strip(row: Row): CellRow {
  const { samplesMs: _samples, ...cell } = row;
  return cell;
}
