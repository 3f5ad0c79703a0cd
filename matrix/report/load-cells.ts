/** Reads the cells of one run that pass the filters; the filtering happens in SQL. */
import { closestMatches } from '../errors.js';
import { CELL_COLUMNS, CELL_JSON, CELL_ORDER, type CellRow } from './cell-row.js';
import { addCellSizes } from './add-cell-sizes.js';
import { BadOptionError } from './errors.js';
import type { ReadonlyStore } from './open-readonly.js';
import { filterSql, isUnfiltered, type ReportFilters } from './report-filters.js';

/** Cells of `runId` matching `filters`; when filters select nothing, a BadOptionError says which value is wrong. */
export async function loadCells(store: ReadonlyStore, runId: string, filters: ReportFilters): Promise<CellRow[]> {
  const where = filterSql(filters);
  const params = [runId, ...where.params];
  const rows = await store.all<{ cell: string }>(`SELECT ${CELL_JSON} AS cell FROM results WHERE run_id = ?${where.sql} ORDER BY ${CELL_ORDER}`, params);
  let cells: CellRow[];
  try {
    cells = rows.map((r) => JSON.parse(r.cell) as CellRow);
  } catch {
    // A NaN or infinite double (see CELL_JSON): read the columns one by one, which keeps it.
    cells = await store.all<CellRow>(`SELECT ${CELL_COLUMNS} FROM results WHERE run_id = ?${where.sql} ORDER BY ${CELL_ORDER}`, params);
  }
  if (cells.length === 0 && !isUnfiltered(filters)) await explainNoMatch(store, runId, filters);
  await markWebCells(store, runId, cells);
  await addCellSizes(store, runId, cells);
  return cells;
}

/**
 * Adds the browser and the software-adapter flag to the web cells, from the schema-v2 columns when the store
 * has them (a v1 store has no web cells to mark).
 */
async function markWebCells(store: ReadonlyStore, runId: string, cells: CellRow[]): Promise<void> {
  if (!cells.some((c) => c.platform === 'web')) return;
  const columns = await store.all<{ name: string }>(
    `SELECT column_name AS name FROM information_schema.columns WHERE table_name = 'results' AND column_name IN ('browser', 'software_adapter')`,
  );
  if (columns.length < 2) return;
  const rows = await store.all<{ key: string; browser: string | null; software: boolean | null }>(
    `SELECT result_key AS key, browser, software_adapter AS software FROM results WHERE run_id = ? AND platform = 'web'`,
    [runId],
  );
  const byKey = new Map(rows.map((r) => [r.key, r]));
  for (const cell of cells) {
    const row = byKey.get(cell.resultKey);
    if (!row) continue;
    cell.browser = row.browser;
    cell.softwareAdapter = row.software;
  }
}

const DIMENSIONS: ReadonlyArray<{ key: keyof ReportFilters; option: string; column: string }> = [
  { key: 'family', option: '--family', column: 'family' },
  { key: 'arch', option: '--arch', column: 'arch_kind' },
  { key: 'task', option: '--task', column: 'task' },
  { key: 'device', option: '--device', column: `platform || '/' || device` },
  { key: 'dtype', option: '--dtype', column: 'dtype' },
];

/** Throws for the first filter value that does not occur in the run, or for the combination. */
export async function explainNoMatch(store: ReadonlyStore, runId: string, filters: ReportFilters): Promise<never> {
  for (const { key, option, column } of DIMENSIONS) {
    const wanted = filters[key];
    if (!wanted || wanted.length === 0) continue;
    const rows = await store.all<{ v: string }>(`SELECT DISTINCT ${column} AS v FROM results WHERE run_id = ? ORDER BY v`, [runId]);
    const present = rows.map((r) => r.v);
    const plainDevices = key === 'device' ? present.map((d) => d.slice(d.indexOf('/') + 1)) : [];
    for (const value of wanted) {
      if (present.includes(value) || plainDevices.includes(value)) continue;
      const near = closestMatches(value, present);
      throw new BadOptionError(option, value, near.length > 0 ? near : present, `Run ${runId} has no such ${key}; pick one of the valid values or another --run.`);
    }
  }
  throw new BadOptionError('filters', describe(filters), [], `Each value exists in run ${runId}, but no cell has them all; loosen a filter.`);
}

function describe(filters: ReportFilters): string {
  return Object.entries(filters)
    .filter(([, v]) => v && v.length > 0)
    .map(([k, v]) => `--${k} ${(v as string[]).join(',')}`)
    .join(' ');
}
