/**
 * One generator run: registry → select → render → type-check → write (or, for `--check`,
 * → compare). Returns what it did and how long each phase took.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AutoMappings } from './auto-mappings.js';
import { startTypeCheck } from './check-generated.js';
import { diffGenerated, type GeneratedDrift } from './diff-generated.js';
import { DriftError, GeneratedTypeError } from './errors.js';
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
  timings: GenerateTimings;
}

/** Runs the generator once. Throws coded errors; writes nothing unless every file type-checks. */
export async function generate(options: GenerateOptions): Promise<GenerateSummary> {
  const rootDir = options.rootDir ?? REPO_ROOT;
  const outDir = path.resolve(options.outDir ?? path.join(rootDir, 'generated-tests'));
  const started = performance.now();
  const timings: GenerateTimings = { registryMs: 0, renderMs: 0, checkMs: 0, writeMs: 0, totalMs: 0 };
  let mark = started;
  const lap = (): number => {
    const now = performance.now();
    const ms = now - mark;
    mark = now;
    return ms;
  };

  // The type-check Project builds on a worker thread while the registry and templates work here.
  const typeCheck = options.check ? undefined : startTypeCheck({ rootDir });
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
  if (!typeCheck) {
    const drift = await diffGenerated(files, outDir, { complete: selectsAll(options.selection) });
    timings.writeMs = lap();
    timings.totalMs = performance.now() - started;
    if (drift.drifted.length || drift.missing.length || drift.extra.length) {
      const rel = (name: string): string => path.relative(process.cwd(), path.join(outDir, name)) || name;
      throw new DriftError(drift.drifted.map(rel), drift.missing.map(rel), drift.extra.map(rel));
    }
    summary.drift = drift;
    return summary;
  }

  const diagnostics = await typeCheck.check(files);
  timings.checkMs = lap();
  if (diagnostics.length > 0) throw new GeneratedTypeError(diagnostics);

  summary.outcome = await writeGenerated(files, outDir, { prune: selectsAll(options.selection) });
  timings.writeMs = lap();
  timings.totalMs = performance.now() - started;
  return summary;
}
