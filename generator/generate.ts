/**
 * One generator run: registry → select → render → type-check → write (or, for `--check`,
 * → compare). Returns what it did and how long each phase took.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AutoMappings } from './auto-mappings.js';
import { CheckCache } from './check-cache.js';
import { checkOutDir, relocateFiles } from './check-out-dir.js';
import { startTypeCheck } from './check-generated.js';
import { diffGenerated, type GeneratedDrift } from './diff-generated.js';
import { DriftError, GeneratedTypeError, TypeSurfaceError } from './errors.js';
import { deriveRegistry } from './registry.js';
import { loadTemplates, type GeneratedFile } from './render-templates.js';
import { selectFamilies, selectsAll, type FamilySelection } from './select-families.js';
import type { FamilyEntry } from './types.js';
import { writeGenerated, type WriteOutcome } from './write-generated.js';

/** The repo root (the folder above generator/). */
export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export interface GenerateOptions {
  selection: FamilySelection;
  /** Output folder; default `<repo>/generated-tests`. */
  outDir?: string;
  /** Templates folder; default `<repo>/templates`. */
  templatesDir?: string;
  /** Repo root for the type-check (tsconfig + harness); default REPO_ROOT. */
  rootDir?: string;
  /** Compare with the output folder instead of writing; throws DriftError on any difference. */
  check?: boolean;
  /** Auto* mappings to derive from; default the installed transformers.js. */
  mappings?: AutoMappings;
  /**
   * Cache of clean type-checks (see check-cache.ts): a file path, or false to always check.
   * Default `<root>/node_modules/.cache/model-matrix/generator-check.json`.
   */
  checkCache?: string | false;
}

/** Phase timings of one run, in milliseconds. */
export interface GenerateTimings {
  registryMs: number;
  renderMs: number;
  checkMs: number;
  writeMs: number;
  totalMs: number;
}

export interface GenerateSummary {
  families: FamilyEntry[];
  files: GeneratedFile[];
  /** Set when writing. */
  outcome?: WriteOutcome;
  /** Set by `check` (always empty when it returns: a drift throws). */
  drift?: GeneratedDrift;
  /** True when the type-check was skipped: every file checked clean before against unchanged inputs. */
  checkCached?: boolean;
  timings: GenerateTimings;
}

/** Runs the generator once. Throws coded errors; writes nothing unless every file type-checks. */
export async function generate(options: GenerateOptions): Promise<GenerateSummary> {
  const rootDir = options.rootDir ?? REPO_ROOT;
  const outDir = path.resolve(options.outDir ?? path.join(rootDir, 'generated-tests'));
  checkOutDir(outDir);
  const started = performance.now();
  const timings: GenerateTimings = { registryMs: 0, renderMs: 0, checkMs: 0, writeMs: 0, totalMs: 0 };
  let mark = started;
  const lap = (): number => {
    const now = performance.now();
    const ms = now - mark;
    mark = now;
    return ms;
  };

  // Unless the cache says its inputs are unchanged, the type-check Project builds on a worker
  // thread while the registry and templates work here.
  const cache =
    options.check || options.checkCache === false
      ? undefined
      : options.checkCache
        ? new CheckCache(options.checkCache)
        : CheckCache.at(rootDir);
  const inputsUnchanged = cache ? await cache.load() : false;
  let typeCheck = options.check || inputsUnchanged ? undefined : startTypeCheck({ rootDir });
  let files: GeneratedFile[];
  let families: FamilyEntry[];
  try {
    const registry = await deriveRegistry(options.mappings);
    families = selectFamilies(registry, options.selection);
    timings.registryMs = lap();

    const renderer = await loadTemplates(options.templatesDir ?? path.join(rootDir, 'templates'));
    files = families.map((entry) => renderer.render(entry));
    timings.renderMs = lap();
  } catch (error) {
    await typeCheck?.close();
    throw error;
  }

  const summary: GenerateSummary = { families, files, timings };
  if (options.check) {
    const drift = await diffGenerated(relocateFiles(files, outDir, rootDir), outDir, { complete: selectsAll(options.selection) });
    timings.writeMs = lap();
    timings.totalMs = performance.now() - started;
    if (drift.drifted.length || drift.missing.length || drift.extra.length) {
      const rel = (name: string): string => path.relative(process.cwd(), path.join(outDir, name)) || name;
      throw new DriftError(drift.drifted.map(rel), drift.missing.map(rel), drift.extra.map(rel));
    }
    summary.drift = drift;
    return summary;
  }

  if (cache?.allClean(files)) {
    await typeCheck?.close();
    summary.checkCached = true;
  } else {
    typeCheck ??= startTypeCheck({ rootDir });
    const { diagnostics, surfaceDiagnostics, inputPaths } = await typeCheck.check(files);
    if (surfaceDiagnostics.length > 0) throw new TypeSurfaceError(surfaceDiagnostics);
    const failing = new Set(diagnostics.map((d) => path.basename(d.file)));
    await cache?.record(
      inputPaths,
      files.filter((f) => !failing.has(f.fileName)),
    );
    if (diagnostics.length > 0) throw new GeneratedTypeError(diagnostics);
  }
  timings.checkMs = lap();

  summary.outcome = await writeGenerated(relocateFiles(files, outDir, rootDir), outDir, { prune: selectsAll(options.selection) });
  timings.writeMs = lap();
  timings.totalMs = performance.now() - started;
  return summary;
}
