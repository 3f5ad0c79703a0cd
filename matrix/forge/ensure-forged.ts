/**
 * Forges all families once per forge version: `<root>/<forgeHash>/` is reused while the forge's
 * sources and transformers.js are unchanged. Builds into a temporary folder, then renames it into
 * place (atomic), so concurrent callers are safe: the loser of the rename discards its copy.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { FamilyEntry } from '../../generator/types.js';
import { forgeAll, type ForgeManifest } from './forge-all.js';
import { forgeHash, type ForgeHashOptions } from './forge-hash.js';

export interface EnsureForgedOptions {
  /** Where forged sets live (default `.matrix/models`). */
  root?: string;
  /** Families to forge (default: the whole registry). */
  families?: readonly FamilyEntry[];
  /** What the cache key hashes (default: the forge's sources + transformers.js version). */
  hash?: ForgeHashOptions;
}

export interface EnsureForgedResult {
  /** Absolute path of the forged set; model folders are `<dir>/<family>/<task>`. */
  dir: string;
  manifest: ForgeManifest;
  /** True when an existing forged set was reused. */
  reused: boolean;
}

export async function ensureForged(options: EnsureForgedOptions = {}): Promise<EnsureForgedResult> {
  const root = resolve(options.root ?? '.matrix/models');
  const key = forgeHash(options.hash);
  const dir = join(root, key);
  const manifestPath = join(dir, 'manifest.json');
  if (existsSync(manifestPath)) return { dir, manifest: readManifest(manifestPath), reused: true };
  mkdirSync(root, { recursive: true });
  const tmp = join(root, `.tmp-${key}-${process.pid}-${Date.now().toString(36)}-${tmpCounter++}`);
  try {
    await forgeAll({ outDir: tmp, forgeHash: key, families: options.families });
    try {
      renameSync(tmp, dir);
    } catch (error) {
      // Another process renamed its copy first: use theirs.
      if (!existsSync(manifestPath)) throw error;
      return { dir, manifest: readManifest(manifestPath), reused: true };
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  return { dir, manifest: readManifest(manifestPath), reused: false };
}

let tmpCounter = 0;

function readManifest(path: string): ForgeManifest {
  return JSON.parse(readFileSync(path, 'utf8')) as ForgeManifest;
}
