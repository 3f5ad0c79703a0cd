/**
 * Shared by the forge text tests: registry lookups, forging one (family, task) into a temp dir,
 * loading it with transformers.js offline, and output comparisons.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as transformers from '@huggingface/transformers';
import { deriveRegistry } from '../generator/registry.js';
import type { FamilyEntry, FamilyTask } from '../generator/types.js';
import { TINY, type ForgeContract, type SizePreset } from '../matrix/forge/contracts/contract.js';
import { writeForgedFolder } from '../matrix/forge/disk/write-forged-folder.js';
import type { Dtype } from '../matrix/harness/types.js';

transformers.env.allowRemoteModels = false;
transformers.env.allowLocalModels = true;
export { transformers };

let registry: Promise<FamilyEntry[]> | undefined;

export async function entryOf(family: string): Promise<FamilyEntry> {
  registry ??= deriveRegistry();
  const entry = (await registry).find((e) => e.family === family);
  if (!entry) throw new Error(`registry has no family ${family}`);
  return entry;
}

export async function taskOf(family: string, task: string): Promise<{ entry: FamilyEntry; task: FamilyTask }> {
  const entry = await entryOf(family);
  const found = entry.tasks.find((t) => t.task === task);
  if (!found) throw new Error(`${family} has no task ${task}`);
  return { entry, task: found };
}

/** Forges (family, task) with `contract` into a fresh temp dir in the given dtypes; returns the folder. */
export async function forgeText(contract: ForgeContract, family: string, task: string, dtypes: readonly Dtype[] = ['fp32'], size: SizePreset = TINY): Promise<string> {
  const { entry, task: t } = await taskOf(family, task);
  const dir = mkdtempSync(join(tmpdir(), `forge-${family}-`));
  writeForgedFolder(dir, contract.build({ entry, task: t, seed: 11, size }), dtypes);
  return dir;
}

type Loadable = { from_pretrained(dir: string, options: unknown): Promise<any> };

/** Loads the Auto class by name from a local folder on cpu. */
export async function load(autoClass: string, dir: string, dtype: Dtype = 'fp32'): Promise<any> {
  const cls = (transformers as unknown as Record<string, Loadable>)[autoClass]!;
  return cls.from_pretrained(dir, { dtype, device: 'cpu', local_files_only: true });
}

/** Cosine similarity and max abs difference of two float arrays of equal length. */
export function compare(a: ArrayLike<number>, b: ArrayLike<number>): { cosine: number; maxAbsDiff: number } {
  if (a.length !== b.length) throw new Error(`length ${a.length} != ${b.length}`);
  let dot = 0, na = 0, nb = 0, max = 0;
  for (let i = 0; i < a.length; i++) {
    dot += a[i]! * b[i]!;
    na += a[i]! * a[i]!;
    nb += b[i]! * b[i]!;
    max = Math.max(max, Math.abs(a[i]! - b[i]!));
  }
  return { cosine: dot / Math.sqrt(na * nb), maxAbsDiff: max };
}
