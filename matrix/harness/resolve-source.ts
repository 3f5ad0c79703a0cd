/**
 * Decides where a cell's model files come from, in order: `local` (MATRIX_MODELS), `cache`
 * (transformers.js's cache), `hub` (allowed and answered), `forged` (the forge manifest), else `mock`.
 * Every name is checked before it becomes a path, and every path is kept inside its base folder.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { isAbsolute, join, relative, resolve } from 'node:path';
import { checkModelId, checkPathSegment } from './check-model-id.js';
import { HarnessError, UnsupportedError } from './errors.js';
import { DTYPES, type Dtype, type ModelSource } from './types.js';

/** Where to look; each base may be absent. */
export interface SourceSettings {
  /** `MATRIX_MODELS`: holds `<org>/<model>`, `<family>/<task>` or `<family>` model folders. */
  modelsDir: string | null;
  /** transformers.js file cache (`env.cacheDir`), holding `<org>/<model>/config.json` when downloaded. */
  cacheDir: string | null;
  /** True only when MATRIX_ALLOW_HUB=1 and the Hub answered for this model id. */
  hubAvailable: boolean;
  /** Folder of forged models with `manifest.json`, or '' when forging is off. */
  forgedDir: string;
}

export interface ResolvedSource {
  source: ModelSource;
  /** Absolute model folder, the Hub id (source `hub`/`cache`), or '' for mock. */
  location: string;
  /** Id stored with the cell: the Hub id, `forged/<family>`, `local/<family>` or `mock/<family>`. */
  modelId: string;
  /** dtypes the source declares (forge manifest); `null` when unknown (files decide). */
  dtypes: Dtype[] | null;
  notes: string[];
}

export interface SourceWant {
  family: string;
  task: string;
  hubModelId?: string;
  /**
   * The task's model class (`BertForMaskedLM`). A local or cached model whose config.json lists
   * `architectures` without it lacks that head: the task falls back to the forged model (noted), or is
   * unsupported naming the architecture — never a `fail` for a head the model never had.
   */
  modelClass?: string;
}

/** Resolves one (family, task); throws HarnessError for a hostile or invalid name (stage `resolve`). */
export function resolveSource(want: SourceWant, settings: SourceSettings): ResolvedSource {
  const family = checkPathSegment(want.family, 'family');
  const task = checkPathSegment(want.task, 'task');
  const hubId = want.hubModelId === undefined ? undefined : checkModelId(want.hubModelId);
  const headless: string[] = [];

  if (settings.modelsDir) {
    const candidates = [
      ...(hubId ? [{ dir: hubId, modelId: hubId }] : []),
      { dir: `${family}/${task}`, modelId: `local/${family}` },
      { dir: family, modelId: `local/${family}` },
    ];
    for (const c of candidates) {
      const folder = inside(settings.modelsDir, c.dir);
      if (!hasConfig(folder)) continue;
      const lacking = lacksHead(folder, want.modelClass);
      if (lacking === null) return { source: 'local', location: folder, modelId: c.modelId, dtypes: null, notes: [] };
      headless.push(`local model ${c.modelId} (${folder}) is ${lacking}: it has no ${want.modelClass} head for ${task}`);
      break;
    }
  }
  if (hubId && settings.cacheDir && hasConfig(inside(settings.cacheDir, hubId))) {
    const lacking = lacksHead(inside(settings.cacheDir, hubId), want.modelClass);
    if (lacking === null) return { source: 'cache', location: hubId, modelId: hubId, dtypes: null, notes: [] };
    headless.push(`cached model ${hubId} is ${lacking}: it has no ${want.modelClass} head for ${task}`);
  }
  if (hubId && settings.hubAvailable) {
    return { source: 'hub', location: hubId, modelId: hubId, dtypes: null, notes: [] };
  }
  if (settings.forgedDir) {
    const forged = forgedModel(settings.forgedDir, family, task);
    if (forged) return headless.length ? { ...forged, notes: [...headless.map((h) => `${h}; forged model used instead`), ...forged.notes] } : forged;
  }
  if (headless.length) throw new UnsupportedError(`${headless.join('; ')} (and no forged model to fall back to)`);
  const notes = [settings.forgedDir ? `not forged: ${forgedReason(settings.forgedDir, family, task)}` : 'forging off'];
  return { source: 'mock', location: '', modelId: `mock/${family}`, dtypes: null, notes };
}

/** `base/rel` resolved, refusing anything that lands outside `base`. */
function inside(base: string, rel: string): string {
  const root = resolve(base);
  const full = resolve(root, rel);
  const back = relative(root, full);
  if (back === '' || back.startsWith('..') || isAbsolute(back)) {
    throw new HarnessError('HARNESS_PATH_ESCAPE', `Model path ${JSON.stringify(rel)} leaves ${root}.`, 'Use a plain org/name or family name.');
  }
  return full;
}

/** `null` when `folder`'s config.json has `modelClass` (or lists no architectures, or none is asked); else its architectures. */
function lacksHead(folder: string, modelClass: string | undefined): string | null {
  if (!modelClass) return null;
  let architectures: unknown;
  try {
    architectures = (JSON.parse(readFileSync(join(folder, 'config.json'), 'utf8')) as { architectures?: unknown }).architectures;
  } catch {
    return null; // an unreadable config fails at load, where the error is classified
  }
  if (!Array.isArray(architectures) || architectures.length === 0 || architectures.includes(modelClass)) return null;
  return architectures.map(String).join(', ');
}

function hasConfig(folder: string): boolean {
  return existsSync(join(folder, 'config.json'));
}

interface ManifestModel {
  path?: unknown;
  dtypes?: unknown;
  notes?: unknown;
}
interface Manifest {
  models?: Record<string, Record<string, ManifestModel>>;
  notForged?: Record<string, unknown>;
  skippedTasks?: Record<string, Record<string, unknown>>;
}

const manifests = new Map<string, { mtimeMs: number; manifest: Manifest | null }>();

/** The forge manifest of `dir`, read once per change; `null` when missing or unreadable. */
function readManifest(dir: string): Manifest | null {
  const file = join(dir, 'manifest.json');
  let mtimeMs: number;
  try {
    mtimeMs = statSync(file).mtimeMs;
  } catch {
    return null;
  }
  const cached = manifests.get(file);
  if (cached && cached.mtimeMs === mtimeMs) return cached.manifest;
  let manifest: Manifest | null = null;
  try {
    const parsed: unknown = JSON.parse(readFileSync(file, 'utf8'));
    manifest = parsed && typeof parsed === 'object' ? (parsed as Manifest) : null;
  } catch {
    manifest = null;
  }
  manifests.set(file, { mtimeMs, manifest });
  return manifest;
}

function forgedModel(dir: string, family: string, task: string): ResolvedSource | null {
  const entry = readManifest(dir)?.models?.[family]?.[task];
  const rel = entry && typeof entry.path === 'string' ? entry.path : `${family}/${task}`;
  const folder = isAbsolute(rel) ? inside(dir, relative(resolve(dir), rel)) : inside(dir, rel);
  if (!hasConfig(folder)) return null;
  const dtypes = Array.isArray(entry?.dtypes) ? DTYPES.filter((d) => (entry.dtypes as unknown[]).includes(d)) : null;
  const notes = typeof entry?.notes === 'string' ? [entry.notes] : Array.isArray(entry?.notes) ? entry.notes.map(String) : [];
  return { source: 'forged', location: folder, modelId: `forged/${family}`, dtypes, notes };
}

function forgedReason(dir: string, family: string, task: string): string {
  const manifest = readManifest(dir);
  if (!manifest) return `no manifest.json in ${dir}`;
  const reason = manifest.notForged?.[family];
  if (typeof reason === 'string') return reason;
  const skipped = manifest.skippedTasks?.[family]?.[task];
  if (typeof skipped === 'string') return skipped;
  return manifest.models?.[family] ? `task ${task} not forged for ${family}` : `${family} not in the forge manifest`;
}
