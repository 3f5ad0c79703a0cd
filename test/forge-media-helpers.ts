/**
 * Shared by the forge vision / audio / multimodal tests: registry entries, forging a contract's
 * folder into a temp dir in every dtype, synthetic images and audio, and output comparisons.
 */
import { mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { RawImage } from '@huggingface/transformers';
import { deriveRegistry } from '../generator/registry.js';
import type { FamilyEntry, FamilyTask } from '../generator/types.js';
import type { Dtype } from '../matrix/harness/types.js';
import { TINY, type ForgeContract, type ForgeContext } from '../matrix/forge/contracts/contract.js';
import { writeForgedFolder } from '../matrix/forge/disk/write-forged-folder.js';

export const ALL_DTYPES: readonly Dtype[] = ['fp32', 'fp16', 'q8', 'q4'];

let registry: Promise<FamilyEntry[]> | undefined;

/** The registry entry and task of a family (throws when the registry lacks either). */
export async function familyTask(family: string, task: string): Promise<{ entry: FamilyEntry; task: FamilyTask }> {
  registry ??= deriveRegistry();
  const entry = (await registry).find((e) => e.family === family);
  const found = entry?.tasks.find((t) => t.task === task);
  if (!entry || !found) throw new Error(`registry has no ${family} / ${task}`);
  return { entry, task: found };
}

/** Every registry entry. */
export async function allEntries(): Promise<FamilyEntry[]> {
  registry ??= deriveRegistry();
  return registry;
}

/** Context for a build at the tiny size. */
export function tinyContext(entry: FamilyEntry, task: FamilyTask, extra: Partial<ForgeContext> = {}): ForgeContext {
  return { entry, task, seed: 7, size: TINY, ...extra };
}

/** Builds the folder with `contract` and writes it (all dtypes) into a fresh temp dir; returns the dir. */
export function forgeToTemp(contract: ForgeContract, ctx: ForgeContext, dtypes: readonly Dtype[] = ALL_DTYPES): string {
  const dir = mkdtempSync(join(tmpdir(), `forge-${ctx.entry.family}-`));
  writeForgedFolder(dir, contract.build(ctx), dtypes);
  return dir;
}

/** Every file of a folder (relative path → bytes), for byte-identity checks. */
export function readTree(dir: string): Record<string, Buffer> {
  const out: Record<string, Buffer> = {};
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else out[relative(dir, p)] = readFileSync(p);
    }
  };
  walk(dir);
  return out;
}

/** A deterministic RGB test pattern of the given size. */
export function syntheticImage(width: number, height: number, seed = 0): RawImage {
  const data = Uint8ClampedArray.from({ length: width * height * 3 }, (_, i) => (i * 37 + seed * 101 + ((i / 3) | 0) * 11) % 256);
  return new RawImage(data, width, height, 3);
}

/** A sine tone (Float32Array), `seconds` long at `rate` Hz. */
export function sineWave(seconds: number, rate = 16000, hz = 440): Float32Array {
  return Float32Array.from({ length: Math.round(seconds * rate) }, (_, i) => 0.5 * Math.sin((2 * Math.PI * hz * i) / rate));
}

/** Row `i` (first axis) of a tensor's data. */
export function row(t: { data: ArrayLike<number> & { subarray?: unknown }; dims: number[] }, i: number): Float32Array {
  const size = t.dims.slice(1).reduce((a, b) => a * b, 1);
  return Float32Array.from(Array.prototype.slice.call(t.data, i * size, (i + 1) * size) as number[]);
}

/** Largest absolute elementwise difference (arrays of equal length). */
export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error(`length ${a.length} ≠ ${b.length}`);
  let max = 0;
  for (let i = 0; i < a.length; i++) max = Math.max(max, Math.abs(Number(a[i]) - Number(b[i])));
  return max;
}

/** Cosine similarity of two equal-length vectors. */
export function cosine(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    dot += Number(a[i]) * Number(b[i]);
    na += Number(a[i]) ** 2;
    nb += Number(b[i]) ** 2;
  }
  return dot / Math.sqrt(na * nb);
}

/** Forges each (family, task, contract) twice; returns `family task path` of every file that differs or exists once (empty: byte-identical). */
export async function differingBuilds(cases: ReadonlyArray<readonly [string, string, ForgeContract]>): Promise<string[]> {
  const differing: string[] = [];
  for (const [family, taskName, contract] of cases) {
    const { entry, task } = await familyTask(family, taskName);
    const a = readTree(forgeToTemp(contract, tinyContext(entry, task)));
    const b = readTree(forgeToTemp(contract, tinyContext(entry, task)));
    for (const path of new Set([...Object.keys(a), ...Object.keys(b)])) if (!a[path] || !b[path] || !a[path].equals(b[path])) differing.push(`${family} ${taskName} ${path}`);
  }
  return differing;
}
