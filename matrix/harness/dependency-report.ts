import { existsSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { resolveOrtPackageDir } from '../devices/load-ort.js';
import { packageInfo, packageVersionAt } from './package-info.js';
import type { DeviceReport } from './types.js';

/** One dependency: found/loads or why not. */
export interface DependencyFact {
  ok: boolean;
  version: string | null;
  /** Where it is, or why it is not usable. */
  detail: string;
}

/** A model source and whether this run can use it. */
export interface SourceFact {
  name: 'forged' | 'local' | 'cache' | 'hub';
  reachable: boolean;
  detail: string;
}

/** The facts the dependency report prints, as data. */
export interface DependencyFacts {
  node: string;
  onnxruntime: DependencyFact;
  sharp: DependencyFact;
  transformers: DependencyFact;
  sources: SourceFact[];
}

export interface CollectOptions {
  /** Forged model folder ('' = forging off; default ''). */
  forgedDir?: string;
  /** Whether the Hub answered (default false: offline). */
  hubReachable?: boolean;
  /** transformers.js `env.cacheDir` when the caller has it; default: `<transformers.js package>/.cache`, its default. */
  cacheDir?: string | null;
  env?: NodeJS.ProcessEnv;
}

/**
 * Collects, synchronously and without network: the onnxruntime-node binding transformers.js uses
 * (loads? version), sharp (loads? version), the transformers.js version, and the model sources — the
 * forged folder, MATRIX_MODELS (local), transformers.js' file cache, and the Hub (as the caller found it).
 */
export function collectDependencies(options: CollectOptions = {}): DependencyFacts {
  const env = options.env ?? process.env;
  const transformers = packageInfo('@huggingface/transformers');
  const fromTransformers = transformers ? path.join(transformers.dir, 'package.json') : import.meta.url;
  return {
    node: process.version,
    onnxruntime: loadFact(() => resolveOrtPackageDir(), 'onnxruntime-node'),
    sharp: loadFact(() => packageInfo('sharp', fromTransformers)?.dir ?? '', 'sharp'),
    transformers: transformers
      ? { ok: true, version: transformers.version, detail: transformers.dir }
      : { ok: false, version: null, detail: '@huggingface/transformers is not installed (npm ci)' },
    sources: [
      folderSource('forged', options.forgedDir ?? '', 'forging is off'),
      folderSource('local', env.MATRIX_MODELS ?? '', 'MATRIX_MODELS not set'),
      folderSource('cache', options.cacheDir ?? (transformers ? path.join(transformers.dir, '.cache') : ''), 'no transformers.js cache folder'),
      { name: 'hub', reachable: options.hubReachable === true, detail: options.hubReachable ? 'huggingface.co reachable' : 'not reachable or not allowed (offline)' },
    ],
  };
}

/** Loads a native package by folder and reports whether it loads, with its version. */
function loadFact(findDir: () => string, name: string): DependencyFact {
  let dir: string;
  try {
    dir = findDir();
  } catch (error) {
    return { ok: false, version: null, detail: `${name} is not installed: ${firstLine(error)}` };
  }
  if (!dir) return { ok: false, version: null, detail: `${name} is not installed` };
  const version = packageVersionAt(dir);
  try {
    createRequire(path.join(dir, 'package.json'))(dir);
    return { ok: true, version, detail: dir };
  } catch (error) {
    return { ok: false, version, detail: `installed at ${dir} but does not load: ${firstLine(error)}` };
  }
}

function folderSource(name: SourceFact['name'], dir: string, unsetDetail: string): SourceFact {
  if (!dir) return { name, reachable: false, detail: unsetDetail };
  if (!existsSync(dir)) return { name, reachable: false, detail: `${dir} does not exist` };
  let entries = 0;
  try {
    entries = readdirSync(dir).length;
  } catch (error) {
    return { name, reachable: false, detail: `${dir} is not readable: ${firstLine(error)}` };
  }
  return { name, reachable: entries > 0, detail: entries > 0 ? `${dir} (${entries} entries)` : `${dir} is empty` };
}

function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0]!;
}

/**
 * The dependency report printed at the start of a run: onnxruntime binding, sharp, transformers.js,
 * model sources, devices found and why the others are not. `facts` defaults to `collectDependencies`.
 */
export function dependencyReport(
  input: { devices: DeviceReport[]; forgedDir: string; hubReachable: boolean; cacheDir?: string | null },
  facts: DependencyFacts = collectDependencies(input),
): string {
  const mark = (ok: boolean) => (ok ? '✓' : '✗');
  const dep = (label: string, f: DependencyFact) => `  ${mark(f.ok)} ${label.padEnd(16)} ${f.version ?? '—'}  ${f.ok ? '' : f.detail}`.trimEnd();
  const lines = [
    'model-matrix dependency report',
    `  node             ${facts.node}`,
    dep('onnxruntime-node', facts.onnxruntime),
    dep('sharp', facts.sharp),
    dep('transformers.js', facts.transformers),
    'model sources',
    ...facts.sources.map((s) => `  ${mark(s.reachable)} ${s.name.padEnd(16)} ${s.detail}`),
    'devices',
    ...input.devices.map((d) => {
      const id = `${d.platform}/${d.device}`.padEnd(16);
      const software = d.info.software === true ? ' (software adapter: timings not representative)' : '';
      return d.available ? `  ✓ ${id} available${software}` : `  ✗ ${id} ${d.reason}`;
    }),
  ];
  if (input.devices.length === 0) lines.push('  (no devices probed)');
  return `${lines.join('\n')}\n`;
}
