/** The speedup rows as a table of strings (header + rows), shared by the terminal and Markdown views. */
import type { SpeedupRow } from './compute-speedup.js';
import { formatMs } from './format-ms.js';

export interface StringTable {
  header: string[];
  rows: string[][];
  rightAligned: boolean[];
}

export function speedupTable(rows: readonly SpeedupRow[]): StringTable {
  return {
    header: ['family', 'task', 'dtype', 'batch', 'device', 'cpu p50 ms', 'device p50 ms', 'speedup'],
    rows: rows.map((r) => [
      r.family, r.task, r.dtype, String(r.batchSize), `${r.platform}/${r.device}${r.status === 'mismatch' ? ' (mismatch)' : ''}`,
      formatMs(r.cpuP50Ms), formatMs(r.deviceP50Ms), `${formatSpeedup(r.speedup)}×`,
    ]),
    rightAligned: [false, false, false, true, false, true, true, true],
  };
}

/** 2 significant decimals below 10, one above: 0.52, 3.40, 12.5. */
export function formatSpeedup(speedup: number): string {
  return speedup < 10 ? speedup.toFixed(2) : speedup.toFixed(1);
}
