import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

/** Where a package is installed and its version. */
export interface PackageInfo {
  name: string;
  dir: string;
  version: string;
}

/**
 * Finds `name` as Node would from `fromFile` (default: this module) and reads its package.json, walking up
 * from the resolved entry (packages whose `exports` hide package.json, like sharp and transformers.js,
 * still resolve). null when not installed.
 */
export function packageInfo(name: string, fromFile: string = import.meta.url): PackageInfo | null {
  let entry: string;
  try {
    entry = createRequire(fromFile).resolve(name);
  } catch {
    return null;
  }
  for (let dir = path.dirname(entry); dir !== path.dirname(dir); dir = path.dirname(dir)) {
    const manifest = path.join(dir, 'package.json');
    if (!existsSync(manifest)) continue;
    try {
      const json = JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string; version?: string };
      if (json.name === name) return { name, dir, version: json.version ?? 'unknown' };
    } catch {
      // unreadable manifest on the way up: keep walking
    }
  }
  return null;
}

/** The `version` in `<dir>/package.json`, or null. */
export function packageVersionAt(dir: string): string | null {
  try {
    const json = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as { version?: string };
    return json.version ?? null;
  } catch {
    return null;
  }
}
