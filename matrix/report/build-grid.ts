/**
 * Arranges a run's cells as the matrix people read: one row per family × task × model, one
 * column per platform/device, one sub-column per dtype. Shared by the terminal, Markdown and HTML views.
 */
import { AUTO_DEVICE, DTYPES, NODE_DEVICES, WEB_DEVICES } from '../harness/types.js';
import type { CellRow } from './cell-row.js';
import { cellState, worstState, type CellState } from './cell-state.js';
import type { DeviceRow } from './load-devices.js';

/** A platform/device column and the dtypes it has cells for (none when the device was unavailable). */
export interface GridColumn {
  platform: string;
  device: string;
  available: boolean;
  reason: string;
  dtypes: string[];
}

/** What one grid position shows: the most severe state of its cells and the p50 of its smallest real batch. */
export interface GridEntry {
  state: CellState;
  latencyP50Ms: number | null;
  cells: CellRow[];
}

export interface GridRow {
  family: string;
  archKind: string;
  task: string;
  modelId: string;
  /** Keyed by `entryKey(platform, device, dtype)`. */
  entries: Map<string, GridEntry>;
}

export interface Grid {
  columns: GridColumn[];
  rows: GridRow[];
}

/** Key of a grid position within a row. */
export function entryKey(platform: string, device: string, dtype: string): string {
  return `${platform}/${device}/${dtype}`;
}

/** Builds the grid; devices without cells appear as columns only when they were unavailable. */
export function buildGrid(cells: readonly CellRow[], devices: readonly DeviceRow[]): Grid {
  const columns = new Map<string, GridColumn>();
  const rows = new Map<string, GridRow>();
  for (const d of devices) {
    if (!d.available) columns.set(`${d.platform}/${d.device}`, { platform: d.platform, device: d.device, available: false, reason: d.reason, dtypes: [] });
  }
  for (const cell of cells) {
    const columnKey = `${cell.platform}/${cell.device}`;
    let column = columns.get(columnKey);
    if (!column || !column.available) {
      column = { platform: cell.platform, device: cell.device, available: true, reason: '', dtypes: column?.dtypes ?? [] };
      columns.set(columnKey, column);
    }
    if (!column.dtypes.includes(cell.dtype)) column.dtypes.push(cell.dtype);
    const rowKey = `${cell.family}\u0000${cell.task}\u0000${cell.modelId}`;
    let row = rows.get(rowKey);
    if (!row) {
      row = { family: cell.family, archKind: cell.archKind, task: cell.task, modelId: cell.modelId, entries: new Map() };
      rows.set(rowKey, row);
    }
    const key = entryKey(cell.platform, cell.device, cell.dtype);
    const entry = row.entries.get(key) ?? { state: 'missing', latencyP50Ms: null, cells: [] };
    entry.cells.push(cell);
    row.entries.set(key, entry);
  }
  for (const row of rows.values()) for (const entry of row.entries.values()) settle(entry);
  for (const column of columns.values()) column.dtypes.sort(byOrder(DTYPES));
  const deviceOrder = [...NODE_DEVICES.map((d) => `node/${d}`), `node/${AUTO_DEVICE}`, ...WEB_DEVICES.map((d) => `web/${d}`)];
  return {
    columns: [...columns.entries()].sort(([a], [b]) => byOrder(deviceOrder)(a, b)).map(([, c]) => c),
    rows: [...rows.values()].sort((a, b) => a.family.localeCompare(b.family) || a.task.localeCompare(b.task) || a.modelId.localeCompare(b.modelId)),
  };
}

function settle(entry: GridEntry): void {
  entry.state = worstState(entry.cells.map(cellState));
  const measured = entry.cells
    .filter((c) => c.inference === 'real' && c.latencyP50Ms !== null && (c.status === 'pass' || c.status === 'mismatch'))
    .sort((a, b) => a.batchSize - b.batchSize);
  entry.latencyP50Ms = measured[0]?.latencyP50Ms ?? null;
}

/** Comparator: names in `order` first, in that order; the rest alphabetically after them. */
function byOrder(order: readonly string[]): (a: string, b: string) => number {
  const rank = (s: string): number => {
    const i = order.indexOf(s);
    return i < 0 ? order.length : i;
  };
  return (a, b) => rank(a) - rank(b) || a.localeCompare(b);
}
