/**
 * `matrix report --by batch|seq|image`: one run's throughput pivoted on a sweep dimension. A row is
 * task × model × device × dtype (× the other sweep dimensions); a column is one batch size, sequence
 * length or image size; a value is the throughput (items/s or tokens/s) with p50 latency, or the
 * cell's status when it did not pass. Contended cells are marked `*`; the profile is named.
 */
import type { ReadonlyStore } from './open-readonly.js';
import { resolveRun } from './resolve-run.js';

export const PIVOT_DIMENSIONS = ['batch', 'seq', 'image'] as const;
export type PivotDimension = (typeof PIVOT_DIMENSIONS)[number];

const COLUMN: Record<PivotDimension, string> = { batch: 'batch_size', seq: 'seq_length', image: 'image_size' };
const LABEL: Record<PivotDimension, string> = { batch: 'b', seq: 's', image: 'i' };

interface PivotRow {
  task: string;
  model_id: string;
  device: string;
  dtype: string;
  batch_size: number | null;
  seq_length: number | null;
  image_size: number | null;
  status: string;
  throughput: number | null;
  throughput_unit: string | null;
  latency_p50_ms: number | null;
  profile: string | null;
  contended: boolean | null;
}

/** The pivot table of `runId` (latest when absent) as Markdown (`md`) or aligned text. */
export async function renderPivot(store: ReadonlyStore, by: PivotDimension, format: 'terminal' | 'md', runId?: string): Promise<string> {
  const run = await resolveRun(store, runId);
  const rows = await store.all<PivotRow>(
    `SELECT task, model_id, device, dtype, batch_size::DOUBLE AS batch_size, seq_length::DOUBLE AS seq_length, image_size::DOUBLE AS image_size,
            status, throughput, throughput_unit, latency_p50_ms, profile, contended
       FROM results WHERE run_id = $1 ORDER BY task, model_id, device, dtype`,
    [run.runId],
  );
  const column = COLUMN[by];
  const values = [...new Set(rows.map((r) => (r as unknown as Record<string, number | null>)[column] ?? null))].sort((a, b) => (a ?? 0) - (b ?? 0));
  const others = PIVOT_DIMENSIONS.filter((d) => d !== by);
  const keyOf = (r: PivotRow) => [r.task, r.model_id, r.device, r.dtype, ...others.map((d) => dimText(d, (r as unknown as Record<string, number | null>)[COLUMN[d]] ?? null))].join('\u0000');
  const table = new Map<string, { head: string[]; cells: Map<number | null, string> }>();
  for (const r of rows) {
    const key = keyOf(r);
    const entry = table.get(key) ?? { head: key.split('\u0000'), cells: new Map() };
    table.set(key, entry);
    const value = (r as unknown as Record<string, number | null>)[column] ?? null;
    entry.cells.set(value, cellText(r));
  }
  const header = ['task', 'model', 'device', 'dtype', ...others.map((d) => d), ...values.map((v) => (v === null ? `${LABEL[by]}=default` : `${LABEL[by]}=${v}`))];
  const body = [...table.values()].map((e) => [...e.head, ...values.map((v) => e.cells.get(v) ?? '—')]);
  const profiles = [...new Set(rows.map((r) => r.profile ?? 'unknown'))].join(', ');
  const title = `run ${run.runId} · throughput by ${by} · profile ${profiles}${rows.some((r) => r.contended) ? ' · * = measured while another device ran (contended)' : ''}`;
  if (rows.length === 0) return `${title}\n(no cells)\n`;
  return format === 'md' ? `${title}\n\n${markdown(header, body)}` : `${title}\n${aligned(header, body)}`;
}

function dimText(d: PivotDimension, v: number | null): string {
  return v === null ? '' : `${LABEL[d]}${v}`;
}

function cellText(r: PivotRow): string {
  if ((r.status !== 'pass' && r.status !== 'mismatch') || r.throughput === null) return r.status;
  const unit = r.throughput_unit === 'tokens/s' ? 'tok/s' : '/s';
  const p50 = r.latency_p50_ms === null ? '' : ` (${r.latency_p50_ms.toPrecision(3)} ms)`;
  return `${r.throughput.toFixed(1)}${unit}${p50}${r.status === 'mismatch' ? ' mismatch' : ''}${r.contended ? '*' : ''}`;
}

function markdown(header: string[], body: string[][]): string {
  const line = (cells: string[]) => `| ${cells.map((c) => c.replace(/\|/g, '\\|')).join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...body.map(line)].join('\n') + '\n';
}

function aligned(header: string[], body: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...body.map(line)].join('\n') + '\n';
}
