/** Cells (or speedup rows) as RFC 4180 CSV: one header line, one line per row. */
import type { CellRow } from './cell-row.js';
import type { SpeedupRow } from './compute-speedup.js';

const CELL_FIELDS: ReadonlyArray<keyof CellRow> = [
  'resultKey', 'family', 'archKind', 'task', 'modelId', 'platform', 'device', 'dtype', 'batchSize', 'status', 'inference',
  'source', 'latencyP50Ms', 'latencyP90Ms', 'latencyP99Ms', 'latencyMeanMs', 'samples', 'throughput', 'throughputUnit',
  'loadMs', 'firstMs', 'peakRssBytes', 'modelBytes', 'flops', 'flopsPerToken', 'gflopsPerSecond', 'parityCosine', 'parityMaxAbsDiff',
  'parityTopAgreement', 'errorStage', 'errorType', 'errorMessage', 'reason', 'retries', 'flaky',
];
const SPEEDUP_FIELDS: ReadonlyArray<keyof SpeedupRow> = [
  'family', 'task', 'modelId', 'dtype', 'batchSize', 'platform', 'device', 'status', 'cpuP50Ms', 'deviceP50Ms', 'speedup',
];

/** CSV of cells, with the run id as first column. */
export function renderCsv(runId: string, cells: readonly CellRow[]): string {
  return csv(['runId', ...CELL_FIELDS], cells.map((c) => [runId, ...CELL_FIELDS.map((f) => c[f])]));
}

/** CSV of speedup rows. */
export function renderSpeedupCsv(rows: readonly SpeedupRow[]): string {
  return csv([...SPEEDUP_FIELDS], rows.map((r) => SPEEDUP_FIELDS.map((f) => r[f])));
}

function csv(header: readonly string[], rows: ReadonlyArray<readonly unknown[]>): string {
  return [header, ...rows].map((row) => row.map(field).join(',')).join('\r\n') + '\r\n';
}

function field(value: unknown): string {
  if (value === null || value === undefined) return '';
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
