/**
 * Runs bench cells in this process, without vitest: each through the harness's runCell (load cold and
 * warm, measure with the profile, parity against the group's cpu/fp32 reference). One device at a
 * time by default; `parallel` runs each device's cells at the same time as the others' and flags
 * every cell measured while another device was busy as `contended`.
 */
import type { MeasureProfile } from '../harness/profiles.js';
import type { PreprocessorCache } from '../harness/real-backend.js';
import { runCell, type ReferenceSlot } from '../harness/run-cell.js';
import type { CellResult } from '../harness/types.js';
import { benchBody } from './bench-body.js';
import type { PlannedCell } from './plan-bench-cells.js';

export interface BenchRunOptions {
  cells: readonly PlannedCell[];
  profile: MeasureProfile;
  /** Stored with every cell: the profile's name, plus the suite's overrides (`bench+minSamples=20`). */
  profileLabel: string;
  timeoutMs: number;
  parallel: boolean;
  intraOpThreads?: number;
  /** Called with each finished cell and its wall time in ms (progress lines, fixed-cost figures). */
  onCell?: (result: CellResult, wallMs: number) => void;
}

/** Every cell's result, in plan order. */
export async function runBench(options: BenchRunOptions): Promise<CellResult[]> {
  const references = new Map<string, ReferenceSlot>();
  const shared = new Map<string, PreprocessorCache>();
  const results: CellResult[] = new Array(options.cells.length);
  const byDevice = new Map<string, number[]>();
  options.cells.forEach((cell, i) => byDevice.set(cell.key.device, [...(byDevice.get(cell.key.device) ?? []), i]));
  const groups = options.parallel ? [...byDevice.values()] : [options.cells.map((_, i) => i)];
  // Every group counts as running from the start until its last cell ends.
  let running = groups.length;
  const runGroup = async (indexes: number[]) => {
    try {
      for (const i of indexes) {
        const busyBefore = running > 1;
        const start = performance.now();
        const result = await runOne(options.cells[i]!, options, references, shared);
        const wallMs = performance.now() - start;
        const contended = busyBefore || running > 1;
        results[i] = contended ? { ...result, contended: true } : result;
        options.onCell?.(results[i]!, wallMs);
      }
    } finally {
      running--;
    }
  };
  await Promise.all(groups.map(runGroup));
  return results;
}

async function runOne(cell: PlannedCell, options: BenchRunOptions, references: Map<string, ReferenceSlot>, shared: Map<string, PreprocessorCache>): Promise<CellResult> {
  const resolved = cell.task.resolved;
  const base = {
    key: cell.key,
    source: resolved instanceof Error ? ('mock' as const) : resolved.source,
    inference: resolved instanceof Error ? ('mock' as const) : ('real' as const),
    profile: options.profileLabel,
  };
  if (cell.skip) return { ...base, status: 'skip', reason: cell.skip };
  const body = benchBody(cell.task.autoClass, cell.key.archKind, cell.key);
  if (!body && !(resolved instanceof Error)) {
    return { ...base, status: 'unsupported', reason: `bench mode has no driver for ${cell.key.task} (${cell.task.autoClass}) yet: run the family's generated tests (mode: test)` };
  }
  const slot = references.get(cell.group) ?? {};
  references.set(cell.group, slot);
  const cache = shared.get(`${cell.key.modelId}|${cell.key.task}`) ?? new Map();
  shared.set(`${cell.key.modelId}|${cell.key.task}`, cache);
  const { result } = await runCell(
    {
      key: cell.key,
      autoClass: cell.task.autoClass,
      resolved,
      isReference: cell.key.device === 'cpu' && cell.key.dtype === 'fp32',
      reference: slot,
      shared: cache,
      profile: options.profile,
      timeoutMs: options.timeoutMs,
      ...(options.intraOpThreads ? { intraOpThreads: options.intraOpThreads } : {}),
    },
    body ?? (async () => undefined),
  );
  return { ...result, profile: options.profileLabel };
}
