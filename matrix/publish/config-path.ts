/**
 * Where a configuration's latest result lives in the dataset: the cell's result key (DESIGN.md "Store
 * contract", shared with the leaderboard) with the machine label as the last `params` part, plus `.json`:
 * `feature-extraction/Xenova/all-MiniLM-L6-v2/node_warm_cpu_fp32_b1_amd-epyc-7b13-2c-24gb.json`.
 */
import { resultKey } from '../store/index.js';
import type { CellKey } from '../harness/types.js';
import { normalizeMachineLabel } from './machine-label.js';

/** The dataset path of `key`'s configuration on `machine`. */
export function configPath(key: CellKey | string, machine: string): string {
  return `${typeof key === 'string' ? key : resultKey(key)}_${normalizeMachineLabel(machine)}.json`;
}
