/**
 * Forges every task of one family that a contract supports into `<outDir>/<family>/<task>/`
 * (all requested dtypes) and says what it built, or why not.
 */
import { join } from 'node:path';
import type { FamilyEntry } from '../../generator/types.js';
import { DTYPES, type Dtype } from '../harness/types.js';
import { TINY, type ForgeContext, type SizePreset } from './contracts/contract.js';
import { CONTRACTS } from './contracts/index.js';
import type { ForgedFolder } from './contracts/forged-folder.js';
import { seedFromString } from './onnx/prng.js';
import { writeForgedFolder } from './disk/write-forged-folder.js';

/** One forged (family, task) model in the manifest. `path` is relative to the forge root. */
export interface ForgedModel {
  path: string;
  dtypes: Dtype[];
  modelClass: string;
  autoClass: string;
  contract: string;
  notes?: string;
}

export interface FamilyForgeResult {
  models: Record<string, ForgedModel>;
  /** Tasks no contract supports, with the reason. */
  skipped: Record<string, string>;
}

export interface ForgeFamilyOptions {
  outDir: string;
  dtypes?: readonly Dtype[];
  size?: SizePreset;
  realConfig?: Record<string, unknown>;
  realFiles?: ForgedFolder;
  /** Only these tasks (default: all the family has). */
  tasks?: readonly string[];
  notes?: string;
  /** fp32 weight bytes from which graphs are written as ONNX external data (default EXTERNAL_DATA_MIN_BYTES, 1 GiB). */
  externalDataMinBytes?: number;
}

export function forgeFamily(entry: FamilyEntry, options: ForgeFamilyOptions): FamilyForgeResult {
  const dtypes = [...(options.dtypes ?? DTYPES)];
  const result: FamilyForgeResult = { models: {}, skipped: {} };
  for (const task of entry.tasks) {
    if (options.tasks && !options.tasks.includes(task.task)) continue;
    if (result.models[task.task]) continue;
    const reasons: string[] = [];
    const contract = CONTRACTS.find((c) => {
      const verdict = c.supports(entry, task);
      if (verdict !== true) reasons.push(`${c.name}: ${verdict}`);
      return verdict === true;
    });
    if (!contract) {
      result.skipped[task.task] = specificReason(reasons, entry.archKind, task.task);
      continue;
    }
    const ctx: ForgeContext = {
      entry,
      task,
      seed: seedFromString(`${entry.family}/${task.task}`),
      size: options.size ?? TINY,
      realConfig: options.realConfig,
      realFiles: options.realFiles,
    };
    const rel = join(entry.family, task.task);
    writeForgedFolder(join(options.outDir, rel), contract.build(ctx), dtypes, { externalDataMinBytes: options.externalDataMinBytes });
    result.models[task.task] = {
      path: rel,
      dtypes,
      modelClass: task.modelClass,
      autoClass: task.autoClass,
      contract: contract.name,
      ...(options.notes ? { notes: options.notes } : {}),
    };
  }
  return result;
}

/** The reason of the contract that matched the family's kind (not "not a … family"), else a summary. */
function specificReason(reasons: string[], archKind: string, task: string): string {
  const specific = reasons.filter((r) => !/: not (a|an|the) |: no .* (is )?forged for /.test(r));
  return specific.length > 0 ? specific.join('; ') : `no forge contract for ${archKind} task ${task}`;
}
