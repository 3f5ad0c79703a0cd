/**
 * `useFamily` — what a generated test file starts with. It decides the cells of each task (devices
 * found × dtypes, cpu/fp32 first), resolves where the model files come from, and gives each cell a
 * `run(ctx, body)` that records a CellResult in `ctx.task.meta.matrix` and passes, skips or fails the
 * vitest test accordingly.
 */
import * as transformers from '@huggingface/transformers';
import { env as transformersEnv } from '@huggingface/transformers';
import { applyTransformersEnv } from './apply-transformers-env.js';
import { inject, type TestContext } from 'vitest';
import { countFromEnv, positiveIntFromEnv, timeoutFromEnv } from './check-settings.js';
import { LibraryLacksClassError, UnsupportedError } from './errors.js';
import { KNOWN_FORGED_ISSUES, knownForgedIssue, matchesKnownIssue, type KnownForgedIssue } from './known-forged-issues.js';
import { planCells } from './plan-cells.js';
import { probeHub } from './probe-hub.js';
import { resolveProfile, type MeasureProfile } from './profiles.js';
import type { PreprocessorCache } from './real-backend.js';
import { resolveSource, type ResolvedSource, type SourceSettings } from './resolve-source.js';
import { finishedBeforeCrash, RERUN_ATTEMPTS_ENV, rerunCellId } from './rerun-crashed.js';
import { retryTransient, type RetryPolicy } from './retry-transient.js';
import { runCell, type CellBody, type CellOutcome, type ReferenceSlot } from './run-cell.js';
import { AUTO_DEVICE, type ArchKind, type CellEnvironment, type CellKey, type CellResult, type Device, type DeviceReport, type WebContext } from './types.js';

/** The family a generated file tests. */
export interface FamilySpec {
  family: string;
  archKind: ArchKind;
  /** Well-known Hub id (`org/name`), used for the local, cache and hub sources. */
  hubModelId?: string;
}

/** One task of the family, as its describe block names it. */
export interface TaskSpec {
  task: string;
  autoClass: string;
  modelClass: string;
}

/** Seams for tests and tools; generated tests pass none (globalSetup provides devices and the forge). */
export interface FamilyOptions {
  devices?: DeviceReport[];
  /** Forged model folder; '' disables forged models. */
  forgedDir?: string;
  /** transformers.js cache folder to look in (default `env.cacheDir`); `null` skips the cache. */
  cacheDir?: string | null;
  env?: NodeJS.ProcessEnv;
  profile?: MeasureProfile;
  cellTimeoutMs?: number;
  /** Answers whether the Hub serves `modelId` (only asked when MATRIX_ALLOW_HUB=1). */
  hubProbe?: (modelId: string) => Promise<boolean>;
  /** Expected failures on forged models (default: KNOWN_FORGED_ISSUES). */
  knownIssues?: readonly KnownForgedIssue[];
  /** The run's browser for web cells (default: what globalSetup provides; null = no web platform). */
  web?: WebContext | null;
  /**
   * Add one `device: 'auto'` cell per task (what transformers.js does when told 'auto'). Default: on when the
   * devices come from globalSetup (the generated suite), off when a caller passes `devices`.
   */
  auto?: boolean;
}

/** Per-cell timeout when MATRIX_CELL_TIMEOUT_MS is unset. */
export { DEFAULT_CELL_TIMEOUT_MS } from './check-settings.js';

/** Prepares a family's cells; awaits the (optional) Hub probe once per file. */
export async function useFamily(spec: FamilySpec, options: FamilyOptions = {}): Promise<Family> {
  const env = options.env ?? process.env;
  const allowHub = env.MATRIX_ALLOW_HUB === '1';
  applyTransformersEnv(env);
  transformersEnv.allowRemoteModels = allowHub;
  let hubAvailable = false;
  if (allowHub && spec.hubModelId) {
    hubAvailable = await (options.hubProbe ?? ((id: string) => probeHub(id))) (spec.hubModelId).catch(() => false);
  }
  const settings: SourceSettings = {
    modelsDir: env.MATRIX_MODELS?.trim() || null,
    cacheDir: options.cacheDir !== undefined ? options.cacheDir : typeof transformersEnv.cacheDir === 'string' && transformersEnv.cacheDir ? transformersEnv.cacheDir : null,
    hubAvailable,
    forgedDir: options.forgedDir ?? injected('matrixForgedDir') ?? '',
  };
  const devices = options.devices ?? injected('matrixDevices') ?? [{ platform: 'node', device: 'cpu', available: true, reason: '', info: {} }];
  return new Family(spec, {
    settings,
    devices,
    env,
    profile: options.profile ?? resolveProfile(env),
    timeoutMs: options.cellTimeoutMs ?? timeoutFromEnv(env),
    intraOpThreads: positiveIntFromEnv(env, 'MATRIX_ORT_THREADS'),
    retry: { maxRetries: countFromEnv(env, 'MATRIX_RETRIES'), priorAttempts: countFromEnv(env, RERUN_ATTEMPTS_ENV) },
    finished: finishedBeforeCrash(env),
    knownIssues: options.knownIssues ?? KNOWN_FORGED_ISSUES,
    web: options.web !== undefined ? options.web : (injected('matrixWeb') ?? null),
    auto: options.auto ?? options.devices === undefined,
  });
}

interface FamilySetup {
  settings: SourceSettings;
  devices: DeviceReport[];
  env: NodeJS.ProcessEnv;
  profile: MeasureProfile;
  timeoutMs: number;
  intraOpThreads: number | undefined;
  retry: RetryPolicy;
  /** Cells that finished before their worker crashed (a re-run skips them; see ./rerun-crashed.ts). */
  finished: ReadonlySet<string>;
  knownIssues: readonly KnownForgedIssue[];
  web: WebContext | null;
  auto: boolean;
}

/** A family's cells, grouped by task. */
export class Family {
  readonly spec: FamilySpec;
  private readonly setup: FamilySetup;
  private readonly shared: PreprocessorCache = new Map();

  constructor(spec: FamilySpec, setup: FamilySetup) {
    this.spec = spec;
    this.setup = setup;
  }

  /** The cells of one task: available node devices × dtypes (MATRIX_DEVICES / MATRIX_DTYPES filter), cpu/fp32 first; then, on a run with the web platform, web devices × dtypes (see plan-cells.ts). */
  cells(task: TaskSpec): Cell[] {
    let resolved: ResolvedSource | Error;
    try {
      resolved = resolveSource({ family: this.spec.family, task: task.task, modelClass: task.modelClass, ...(this.spec.hubModelId ? { hubModelId: this.spec.hubModelId } : {}) }, this.setup.settings);
    } catch (error) {
      resolved = error instanceof Error ? error : new Error(String(error));
    }
    const modelId = resolved instanceof Error ? `${resolved instanceof UnsupportedError ? 'local' : 'invalid'}/${this.spec.family}` : resolved.modelId;
    // An older (or newer) transformers.js than the one the tests were generated from may lack the class:
    // a real cell is `unsupported`, with the version named, not a crash (matrix versions). Mock cells keep their
    // stand-in classes (the mock backend needs no library class).
    if (!(resolved instanceof Error) && resolved.source !== 'mock' && (transformers as unknown as Record<string, unknown>)[task.modelClass] === undefined) {
      resolved = new LibraryLacksClassError(`transformers.js ${transformersEnv.version} has no ${task.modelClass}: the ${this.spec.family} family is not in this version of the library`);
    }
    const reference: ReferenceSlot = {};
    const source = resolved instanceof Error ? 'mock' : resolved.source;
    const web = this.setup.web;
    return planCells(this.setup.devices, this.setup.env, { auto: this.setup.auto }).filter((c) => c.platform === 'node' || web).map(
      ({ platform, device, dtype }, index) =>
        new Cell(
          {
          key: {
            family: this.spec.family,
            archKind: this.spec.archKind,
            task: task.task,
            modelId,
            platform,
            device,
            dtype,
            batchSize: 1,
            ...(platform === 'web' && web ? { browser: web.browser } : {}),
          },
          ...(platform === 'web' && web ? { web, environment: webEnvironment(web, this.setup.devices, device) } : {}),
          autoClass: task.autoClass,
          resolved,
          isReference: index === 0 && platform === 'node' && device === 'cpu' && dtype === 'fp32',
          reference,
          shared: this.shared,
          profile: this.setup.profile,
          timeoutMs: this.setup.timeoutMs,
          ...(this.setup.intraOpThreads ? { intraOpThreads: this.setup.intraOpThreads } : {}),
          },
          knownForgedIssue({ family: this.spec.family, task: task.task, dtype }, source, this.setup.knownIssues),
          this.setup.retry,
          this.setup.finished,
        ),
    );
  }
}

/** One device × dtype cell of a task. */
export class Cell {
  readonly key: CellKey;
  /** Test title: `🚀 node cpu fp32 (forged)`, `🔷 mock node cpu fp32`, `🚀 node cpu q4 (forged) ⚠ expected mismatch`. */
  readonly title: string;
  /** The known forged-model issue this cell is expected to show (see known-forged-issues.ts), if any. */
  readonly expected: KnownForgedIssue | undefined;
  private readonly run_: Parameters<typeof runCell>[0];
  private readonly retry: RetryPolicy;
  private readonly finished: ReadonlySet<string>;

  constructor(run: Parameters<typeof runCell>[0], expected?: KnownForgedIssue, retry: RetryPolicy = { maxRetries: 0, priorAttempts: 0 }, finished: ReadonlySet<string> = new Set()) {
    this.run_ = run;
    this.retry = retry;
    this.finished = finished;
    this.key = run.key;
    this.expected = expected;
    const where = `${run.key.platform} ${run.key.device} ${run.key.dtype}${run.key.browser ? ` ${run.key.browser}` : ''}`;
    const r = run.resolved;
    const title =
      r instanceof LibraryLacksClassError ? `⊘ ${where} (not in this transformers.js)`
      : r instanceof UnsupportedError ? `⏭ ${where} (model lacks this head)`
      : r instanceof Error ? `⛔ ${where} (invalid source)`
      : r.source === 'mock' ? `🔷 mock ${where}`
      : `🚀 ${where} (${r.source})`;
    this.title = expected ? `${title} ⚠ expected ${expected.status}` : title;
  }

  /** Runs the cell and returns its outcome without touching vitest (for tools and the harness's own tests). */
  execute(body: CellBody): Promise<CellOutcome> {
    return runCell(this.run_, body);
  }

  /**
   * Runs the cell inside a vitest test: stores the CellResult in `ctx.task.meta.matrix`, then passes
   * (pass, mock), skips (unsupported, skip) or fails (fail, mismatch) the test with the classified message.
   * A transient failure is retried up to MATRIX_RETRIES times first (see ./retry-transient.ts).
   */
  async run(ctx: TestContext, body: CellBody): Promise<void> {
    // A re-run after a crashed worker: this cell finished the first time and keeps that result.
    if (this.finished.has(rerunCellId(this.key))) return ctx.skip('finished before its worker crashed; its stored result stands');
    const { result, error } = await retryTransient(() => this.execute(body), this.retry);
    ctx.task.meta.matrix = result;
    // A device 'auto' cell observes transformers.js (it may crash where a provider library is missing): stored, never a failed test.
    if (this.key.device === AUTO_DEVICE) return;
    if (this.expected) {
      // Stored as it is; the test passes only while the cell fails the known way.
      if (matchesKnownIssue(result, this.expected)) return;
      const { task, dtype, status, reason } = this.expected;
      const what = `${this.key.family} ${task} ${dtype} is listed in matrix/harness/known-forged-issues.ts as an expected ${status}`;
      if (result.status === 'pass') throw new Error(`[fixed] ${what}, but it passed: remove it from known-forged-issues.ts (${reason})`);
      if (result.status === 'unsupported' || result.status === 'skip') throw new Error(`[unexpected ${result.status}] ${what}, but it was not run: ${result.reason}`);
      throw new Error(`[unexpected ${result.status}] ${what}, but it ${summarize(result)}`, { cause: error });
    }
    switch (result.status) {
      case 'pass':
        return;
      case 'unsupported':
      case 'skip':
        ctx.skip(result.reason);
        return;
      case 'mismatch': {
        const p = result.parity;
        throw new Error(
          `[mismatch] outputs disagree with ${p.reference}: cosine ${p.cosine.toFixed(5)} (min ${p.tolerance.minCosine}), ` +
            `max |diff| ${p.maxAbsDiff.toExponential(2)} (max ${p.tolerance.maxAbsDiff.toPrecision(3)}), top-1 agreement ${p.topAgreement.toFixed(3)} (min ${p.tolerance.minTopAgreement})` +
            (p.reason ? `: ${p.reason}` : ''),
        );
      }
      case 'fail':
        if (result.stage === 'assert' && error instanceof Error) throw error;
        throw new Error(`[${result.stage}/${result.errorType}] ${result.message}`, { cause: error });
    }
  }

  /** Records an honest `unsupported` cell for a task the harness has no driver for, and skips the test. */
  noDriver(ctx: TestContext): void {
    this.unsupported(ctx, `harness has no driver for task ${this.key.task} (${this.run_.autoClass}) yet`);
  }

  /** Records an honest `unsupported` cell with `reason`, and skips the test. */
  unsupported(ctx: TestContext, reason: string): void {
    const r = this.run_.resolved;
    ctx.task.meta.matrix = {
      key: this.key,
      source: r instanceof Error ? 'mock' : r.source,
      inference: r instanceof Error || r.source === 'mock' ? 'mock' : 'real',
      status: 'unsupported',
      reason,
    };
    ctx.skip(reason);
  }
}

/** One line about a failed or mismatched cell, for the expected-failure message. */
function summarize(result: CellResult): string {
  if (result.status === 'fail') return `failed at ${result.stage}/${result.errorType}: ${result.message.split('\n')[0]}`;
  if (result.status === 'mismatch') return `mismatched: ${result.parity.reason ?? `cosine ${result.parity.cosine}`}`;
  return result.status;
}

/** A web cell's environment: the browser, and the WebGPU adapter the probe found (flagged when software). */
function webEnvironment(web: WebContext, devices: readonly DeviceReport[], device: Device): CellEnvironment {
  const info = devices.find((d) => d.platform === 'web' && d.device === device)?.info ?? {};
  const environment: CellEnvironment = { browser: web.browser, browserVersion: web.browserVersion };
  if (device !== 'webgpu') return environment;
  const adapter: Record<string, string | number | boolean> = {};
  for (const key of ['vendor', 'architecture', 'device', 'description', 'fallback'] as const) if (info[key] !== undefined) adapter[key] = info[key]!;
  return { ...environment, adapter, softwareAdapter: info.software === true };
}

function injected<K extends 'matrixDevices' | 'matrixForgedDir' | 'matrixWeb'>(key: K) {
  try {
    return inject(key) as ReturnType<typeof inject<K>> | undefined;
  } catch {
    return undefined;
  }
}
