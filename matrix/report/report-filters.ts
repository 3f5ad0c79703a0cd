/**
 * The filters every report command shares (--family --arch --task --device --dtype), each a
 * comma-separated list. They become a bound SQL condition on `results`; values are never spliced.
 */
import type { DuckDBValue } from '@duckdb/node-api';
import { ARCH_KINDS, DTYPES } from '../harness/types.js';
import { closestMatches } from '../errors.js';
import { BadOptionError } from './errors.js';

/** Selected values per dimension; an absent or empty list selects everything. */
export interface ReportFilters {
  family?: string[];
  arch?: string[];
  task?: string[];
  /** `cpu` (any platform) or `node/cpu`, `web/webgpu`. */
  device?: string[];
  dtype?: string[];
}

/** CLI option values (strings) → filters; checks --arch and --dtype against the known names. */
export function parseFilters(options: Partial<Record<keyof ReportFilters, string>>): ReportFilters {
  const filters: ReportFilters = {};
  for (const name of ['family', 'arch', 'task', 'device', 'dtype'] as const) {
    const raw = options[name];
    if (raw === undefined) continue;
    const values = raw.split(',').map((v) => v.trim()).filter((v) => v.length > 0);
    if (values.length > 0) filters[name] = values;
  }
  checkKnown('--arch', filters.arch, ARCH_KINDS);
  checkKnown('--dtype', filters.dtype, DTYPES);
  return filters;
}

/** ` AND …` condition on `results` columns for `filters`, with its bound parameters (`?` placeholders). */
export function filterSql(filters: ReportFilters): { sql: string; params: DuckDBValue[] } {
  const parts: string[] = [];
  const params: DuckDBValue[] = [];
  const inList = (column: string, values: string[] | undefined): void => {
    if (!values || values.length === 0) return;
    parts.push(`${column} IN (${values.map(() => '?').join(', ')})`);
    params.push(...values);
  };
  inList('family', filters.family);
  inList('arch_kind', filters.arch);
  inList('task', filters.task);
  inList('dtype', filters.dtype);
  if (filters.device && filters.device.length > 0) {
    const alternatives = filters.device.map((d) => {
      const slash = d.indexOf('/');
      if (slash < 0) {
        params.push(d);
        return 'device = ?';
      }
      params.push(d.slice(0, slash), d.slice(slash + 1));
      return '(platform = ? AND device = ?)';
    });
    parts.push(`(${alternatives.join(' OR ')})`);
  }
  return { sql: parts.map((p) => ` AND ${p}`).join(''), params };
}

/** True when no dimension is filtered. */
export function isUnfiltered(filters: ReportFilters): boolean {
  return Object.values(filters).every((v) => v === undefined || v.length === 0);
}

function checkKnown(option: string, values: string[] | undefined, known: readonly string[]): void {
  for (const value of values ?? []) {
    if (!known.includes(value)) {
      const near = closestMatches(value, known);
      throw new BadOptionError(option, value, near.length > 0 ? near : known);
    }
  }
}
