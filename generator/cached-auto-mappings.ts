/**
 * The Auto* mappings of the installed transformers.js, cached on disk: importing the library costs
 * ~1.4 s, reading its mappings back from JSON a few ms. The cache key is the library's entry file
 * (path, size, modification time) and version, so an upgrade or reinstall surfaces new families at once.
 * Any cache trouble (unreadable, corrupt, read-only folder) falls back to importing the library.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadAutoMappings, type AutoMappings } from './auto-mappings.js';

const CACHE_DIR = fileURLToPath(new URL('../node_modules/.cache/model-matrix/', import.meta.url));

type Serialized = Record<string, Array<Array<[string, string]>>>;

/** Mappings from the cache when the installed library is unchanged, else from the library (and cached). */
export async function cachedAutoMappings(cacheDir = CACHE_DIR): Promise<AutoMappings> {
  const file = cacheFile(cacheDir);
  if (file) {
    try {
      return deserialize(JSON.parse(readFileSync(file, 'utf8')) as Serialized);
    } catch {
      // no cache yet, or unreadable: rebuild below
    }
  }
  const mappings = await loadAutoMappings();
  if (file) {
    try {
      mkdirSync(dirname(file), { recursive: true });
      const tmp = `${file}.${process.pid}.tmp`;
      writeFileSync(tmp, JSON.stringify(serialize(mappings)));
      renameSync(tmp, file);
    } catch {
      // a read-only node_modules only costs the speed-up
    }
  }
  return mappings;
}

function cacheFile(cacheDir: string): string | undefined {
  try {
    const entry = fileURLToPath(import.meta.resolve('@huggingface/transformers'));
    const pkg = join(entry, '..', '..', 'package.json');
    const version = (JSON.parse(readFileSync(pkg, 'utf8')) as { version?: string }).version ?? '?';
    const { size, mtimeMs } = statSync(entry);
    const key = createHash('sha256').update(`${entry}\0${size}\0${mtimeMs}\0${version}`).digest('hex').slice(0, 16);
    return join(cacheDir, `auto-mappings-${key}.json`);
  } catch {
    return undefined;
  }
}

function serialize(mappings: AutoMappings): Serialized {
  return Object.fromEntries(Object.entries(mappings).map(([auto, maps]) => [auto, maps.map((m) => [...m.entries()])]));
}

function deserialize(data: Serialized): AutoMappings {
  return Object.fromEntries(Object.entries(data).map(([auto, maps]) => [auto, maps.map((pairs) => new Map(pairs))]));
}
