/**
 * Speedup of each accelerator cell over node cpu for the same family, task, model, dtype and
 * batch, when both ran for real and were measured. speedup = cpu p50 / device p50 (2 = twice as fast).
 */
import type { CellRow } from './cell-row.js';

export interface SpeedupRow {
  family: string;
  task: string;
  modelId: string;
  dtype: string;
  batchSize: number;
  platform: string;
  device: string;
  /** Status of the accelerator cell: pass, or mismatch (fast but disagreeing). */
  status: string;
  cpuP50Ms: number;
  deviceP50Ms: number;
  speedup: number;
}

/** Speedup rows, ordered by family, task, model, dtype, platform, device. */
export function computeSpeedup(cells: readonly CellRow[]): SpeedupRow[] {
  const key = (c: CellRow): string => [c.family, c.task, c.modelId, c.dtype, c.batchSize].join('\u0000');
  const cpu = new Map<string, CellRow>();
  for (const c of cells) if (measured(c) && c.platform === 'node' && c.device === 'cpu') cpu.set(key(c), c);
  const rows: SpeedupRow[] = [];
  for (const c of cells) {
    if (!measured(c) || (c.platform === 'node' && c.device === 'cpu')) continue;
    const reference = cpu.get(key(c));
    if (!reference) continue;
    const cpuP50Ms = reference.latencyP50Ms!;
    const deviceP50Ms = c.latencyP50Ms!;
    rows.push({
      family: c.family, task: c.task, modelId: c.modelId, dtype: c.dtype, batchSize: c.batchSize,
      platform: c.platform, device: c.device, status: c.status, cpuP50Ms, deviceP50Ms, speedup: cpuP50Ms / deviceP50Ms,
    });
  }
  return rows.sort((a, b) =>
    a.family.localeCompare(b.family) || a.task.localeCompare(b.task) || a.modelId.localeCompare(b.modelId) ||
    a.dtype.localeCompare(b.dtype) || a.platform.localeCompare(b.platform) || a.device.localeCompare(b.device));
}

function measured(c: CellRow): boolean {
  return c.inference === 'real' && (c.status === 'pass' || c.status === 'mismatch') && c.latencyP50Ms !== null && c.latencyP50Ms > 0;
}
