/**
 * A suite in bench mode, end to end except storing: resolve its models, probe (or reuse) the devices,
 * plan the cells, run them in process and return what the store needs. `matrix bench` and
 * `matrix run --suite` (mode bench) call this; the CLI writes the result.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { deriveRegistry } from '../../generator/registry.js';
import type { FamilyEntry } from '../../generator/types.js';
import type { DeviceProbe } from '../devices/detect-devices.js';
import { PROFILES, type MeasureProfile } from '../harness/profiles.js';
import type { CellResult, DeviceReport } from '../harness/types.js';
import { cachedDevices } from './cached-devices.js';
import type { DetectConfig } from './detect-model.js';
import { planBenchCells } from './plan-bench-cells.js';
import { resolveBenchModel, type BenchModel, type BenchSources } from './resolve-bench-models.js';
import type { Suite } from './suite-schema.js';

export interface BenchSuiteOptions {
  /** Folder of the run's state (next to the database): device cache, configs forged at real dimensions. */
  stateDir: string;
  ortVersion: string;
  env?: NodeJS.ProcessEnv;
  registry?: readonly FamilyEntry[];
  /** Forged tiny models (default: ensureForged's `.matrix/models`). */
  forgedDir?: () => Promise<string>;
  probe?: DeviceProbe;
  /** Reads a Hub config (only used with MATRIX_ALLOW_HUB=1). */
  hubConfig?: (id: string) => Promise<DetectConfig>;
  /** Reads a Hub model's pipeline_tag (only used with MATRIX_ALLOW_HUB=1). */
  pipelineTag?: (id: string) => Promise<string | undefined>;
  cacheDir?: string | null;
  log?: (line: string) => void;
}

export interface BenchSuiteResult {
  /** Wall time of the cells themselves (load, measure, parity), summed, in ms: the rest of a run is fixed cost. */
  cellsWallMs: number;
  devices: DeviceReport[];
  devicesCached: boolean;
  models: BenchModel[];
  cells: CellResult[];
  profileLabel: string;
}

export const DEFAULT_BENCH_TIMEOUT_MS = 120_000;

/** Runs `suite` (mode bench). Throws coded errors for models that are not there (bad input). */
export async function benchSuite(suite: Suite, options: BenchSuiteOptions): Promise<BenchSuiteResult> {
  const env = options.env ?? process.env;
  const allowHub = env.MATRIX_ALLOW_HUB === '1';
  // Loaded here, not at the top: `suite check` and `suite list` go through the same door without them.
  const [{ env: transformersEnv }, { runBench }] = await Promise.all([import('@huggingface/transformers'), import('./run-bench.js')]);
  transformersEnv.allowRemoteModels = allowHub;
  const registry = options.registry ?? (await deriveRegistry());
  const cacheDir = options.cacheDir !== undefined ? options.cacheDir : typeof transformersEnv.cacheDir === 'string' && transformersEnv.cacheDir ? transformersEnv.cacheDir : null;
  let forged: Promise<string> | undefined;
  const sources: BenchSources = {
    registry,
    forgedDir: () => (forged ??= (options.forgedDir ?? defaultForged())()),
    cacheDir,
    forgeDir: join(options.stateDir, 'forged-configs'),
    forgeConfig: forgeOneTask(registry),
    ...(allowHub ? { hubConfig: options.hubConfig ?? hubConfig, pipelineTag: options.pipelineTag ?? ((id: string) => hubPipelineTag(id, { fetch, hubUrl: env.HF_ENDPOINT ?? 'https://huggingface.co' })) } : {}),
  };
  const [models, probed] = await Promise.all([
    (async () => {
      const out: BenchModel[] = [];
      for (const [i, entry] of suite.models.entries()) out.push(await resolveBenchModel({ ...entry, ...(entry.tasks ?? suite.tasks ? { tasks: entry.tasks ?? suite.tasks } : {}) }, i, sources));
      return out;
    })(),
    cachedDevices({ file: join(options.stateDir, 'devices-cache.json'), ortVersion: options.ortVersion, ...(options.probe ? { probe: options.probe } : {}) }),
  ]);
  const { profile, label } = benchProfile(suite);
  const cells = planBenchCells(suite, models, probed.devices, cacheDir);
  let cellsWallMs = 0;
  const results = await runBench({
    cells,
    profile,
    profileLabel: label,
    timeoutMs: suite.timeoutMs ?? DEFAULT_BENCH_TIMEOUT_MS,
    parallel: suite.parallel,
    ...(positiveInt(env.MATRIX_ORT_THREADS) ? { intraOpThreads: positiveInt(env.MATRIX_ORT_THREADS)! } : {}),
    onCell: (r: CellResult, wallMs: number) => {
      cellsWallMs += wallMs;
      options.log?.(cellLine(r));
    },
  });
  return { cellsWallMs, devices: probed.devices, devicesCached: probed.cached, models, cells: results, profileLabel: label };
}

/** The suite's profile (default `bench`) with its `measure` overrides, and the label cells store. */
export function benchProfile(suite: Suite): { profile: MeasureProfile; label: string } {
  const name = (suite.profile ?? 'bench') as MeasureProfile['name'];
  const overrides = Object.entries(suite.measure ?? {}).filter(([, v]) => v !== undefined);
  const profile = { ...PROFILES[name], ...Object.fromEntries(overrides) } as MeasureProfile;
  profile.maxSamples = Math.max(profile.maxSamples, profile.minSamples);
  profile.maxTimeMs = Math.max(profile.maxTimeMs, profile.minTimeMs);
  return { profile, label: overrides.length ? `${name}+${overrides.map(([k, v]) => `${k}=${v}`).join(',')}` : name };
}

/** One progress line per cell. */
export function cellLine(r: CellResult): string {
  const k = r.key;
  const dims = `b${k.batchSize}${k.seqLength ? ` s${k.seqLength}` : ''}${k.imageSize ? ` i${k.imageSize}` : ''}`;
  const head = `${r.status.padEnd(11)} ${k.modelId} ${k.task} ${k.device} ${k.dtype} ${dims}${r.contended ? ' (contended)' : ''}`;
  if (r.status === 'pass' || r.status === 'mismatch') {
    const m = r.measurements;
    const ttft = m.timeToFirstTokenMs === undefined ? '' : ` · TTFT ${m.timeToFirstTokenMs.toFixed(1)} ms`;
    return `${head} · p50 ${m.latency.p50Ms.toFixed(2)} ms · ${m.throughput.toFixed(1)} ${m.throughputUnit}${ttft} · ${m.latency.samples} samples`;
  }
  if (r.status === 'fail') return `${head} · ${r.stage}/${r.errorType}: ${r.message.split('\n')[0]}`;
  return `${head} · ${r.reason}`;
}

/** The project's forged set (`.matrix/models`, as the generated tests' globalSetup uses), forged once per forge version. */
function defaultForged(): () => Promise<string> {
  return async () => {
    const { ensureForged } = await import('../forge/ensure-forged.js');
    return (await ensureForged()).dir;
  };
}

function forgeOneTask(registry: readonly FamilyEntry[]): BenchSources['forgeConfig'] {
  return async (o) => {
    // The folder is content-addressed by the config (and tokenizer): reuse what an earlier call forged.
    const marker = join(o.outDir, `${o.task}.forged.json`);
    try {
      return JSON.parse(readFileSync(marker, 'utf8')) as { path: string; notes?: string };
    } catch {
      // not forged yet
    }
    const { forgeFromConfig } = await import('../forge/forge-from-config.js');
    try {
      const result = await forgeFromConfig({ ...o, registry });
      const model = result.models[o.task];
      if (!model) return new Error(result.skipped[o.task] ?? `task ${o.task} not forged`);
      const found = { path: model.path, ...(model.notes ? { notes: model.notes } : {}) };
      writeFileSync(marker, JSON.stringify(found));
      return found;
    } catch (error) {
      return error instanceof Error ? error : new Error(String(error));
    }
  };
}

async function hubConfig(id: string): Promise<DetectConfig> {
  const { AutoConfig } = await import('@huggingface/transformers');
  return (await AutoConfig.from_pretrained(id)) as unknown as DetectConfig;
}

/** `pipeline_tag` from the Hub's model API (`{ hubUrl, fetch }` seam); undefined when it has none or does not answer. */
export async function hubPipelineTag(id: string, seam: { hubUrl: string; fetch: typeof fetch; signal?: AbortSignal }): Promise<string | undefined> {
  const response = await seam.fetch(`${seam.hubUrl}/api/models/${id.split('/').map(encodeURIComponent).join('/')}`, { signal: seam.signal ?? AbortSignal.timeout(10_000) });
  if (!response.ok) return undefined;
  const tag = ((await response.json()) as { pipeline_tag?: unknown }).pipeline_tag;
  return typeof tag === 'string' ? tag : undefined;
}

function positiveInt(raw: string | undefined): number | undefined {
  const n = Number(raw?.trim());
  return raw?.trim() && Number.isInteger(n) && n > 0 ? n : undefined;
}
