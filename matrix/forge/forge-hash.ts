/**
 * Content hash of the forge: its own source files (matrix/forge/**), the registry sources it
 * reads families from (generator/*.ts), and the installed transformers.js version.
 * Any change to any of them gives a new hash, hence a fresh forge.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const FORGE_DIR = dirname(fileURLToPath(import.meta.url));
const REPO_ROOT = resolve(FORGE_DIR, '..', '..');

export interface ForgeHashOptions {
  /** Directories whose .ts files are hashed (default: matrix/forge and generator). */
  sourceDirs?: readonly string[];
  /** transformers.js version (default: the installed one). */
  transformersVersion?: string;
}

export function forgeHash(options: ForgeHashOptions = {}): string {
  const dirs = options.sourceDirs ?? [FORGE_DIR, join(REPO_ROOT, 'generator')];
  const hash = createHash('sha256');
  hash.update(`transformers.js ${options.transformersVersion ?? installedTransformersVersion()}\n`);
  for (const dir of dirs) {
    for (const file of listTs(dir, dir === FORGE_DIR)) {
      hash.update(`${relative(REPO_ROOT, file)}\n`);
      hash.update(readFileSync(file));
    }
  }
  return hash.digest('hex').slice(0, 16);
}

/** The version of the installed @huggingface/transformers. */
export function installedTransformersVersion(): string {
  const require = createRequire(import.meta.url);
  const pkgPath = join(dirname(require.resolve('@huggingface/transformers')), '..', 'package.json');
  return (JSON.parse(readFileSync(pkgPath, 'utf8')) as { version: string }).version;
}

function listTs(dir: string, recursive: boolean): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) {
      if (recursive) out.push(...listTs(path, true));
    } else if (name.endsWith('.ts')) {
      out.push(path);
    }
  }
  return out;
}
