/**
 * `useFamily` — what a generated test file starts with. It decides the cells of each task (devices
 * found × dtypes, cpu/fp32 first), resolves where the model files come from, and gives each cell a
 * `run(ctx, body)` that records a CellResult in `ctx.task.meta.matrix` and passes, skips or fails the
 * vitest test accordingly.
 */
import { env as transformersEnv } from '@huggingface/transformers';
import { inject, type TestContext } from 'vitest';
import { HarnessError } from './errors.js';
import { KNOWN_FORGED_ISSUES, knownForgedIssue, matchesKnownIssue, type KnownForgedIssue } from './known-forged-issues.js';
import { planCells } from './plan-cells.js';
import { probeHub } from './probe-hub.js';
import { resolveProfile, type MeasureProfile } from './profiles.js';
import type { PreprocessorCache } from './real-backend.js';
import { resolveSource, type ResolvedSource, type SourceSettings } from './resolve-source.js';
import { finishedBeforeCrash, RERUN_ATTEMPTS_ENV, rerunCellId } from './rerun-crashed.js';
import { retryTransient, type RetryPolicy } from './retry-transient.js';
import { runCell, type CellBody, type CellOutcome, type ReferenceSlot } from './run-cell.js';
import type { ArchKind, CellKey, CellResult, DeviceReport } from './types.js';

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
}

export const DEFAULT_CELL_TIMEOUT_MS = 60_000;

/** Prepares a family's cells; awaits the (optional) Hub probe once per file. */
export async function useFamily(spec: FamilySpec, options: FamilyOptions = {}): Promise<Family> {
  const env = options.env ?? process.env;
  const allowHub = env.MATRIX_ALLOW_HUB === '1';
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

  /** The cells of one task: available node devices × dtypes (MATRIX_DEVICES / MATRIX_DTYPES filter), cpu/fp32 first. */
  cells(task: TaskSpec): Cell[] {
    let resolved: ResolvedSource | Error;
    try {
      resolved = resolveSource({ family: this.spec.family, task: task.task, ...(this.spec.hubModelId ? { hubModelId: this.spec.hubModelId } : {}) }, this.setup.settings);
    } catch (error) {
      resolved = error instanceof Error ? error : new Error(String(error));
    }
    const reference: ReferenceSlot = {};
    const source = resolved instanceof Error ? 'mock' : resolved.source;
    return planCells(this.setup.devices, this.setup.env).map(
      ({ device, dtype }, index) =>
        new Cell(
          {
          key: {
            family: this.spec.family,
            archKind: this.spec.archKind,
            task: task.task,
            modelId: resolved instanceof Error ? `invalid/${this.spec.family}` : resolved.modelId,
            platform: 'node',
            device,
            dtype,
            batchSize: 1,
          },
          autoClass: task.autoClass,
          resolved,
          isReference: index === 0 && device === 'cpu' && dtype === 'fp32',
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
    const where = `${run.key.platform} ${run.key.device} ${run.key.dtype}`;
    const r = run.resolved;
    const title = r instanceof Error ? `⛔ ${where} (invalid source)` : r.source === 'mock' ? `🔷 mock ${where}` : `🚀 ${where} (${r.source})`;
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

function injected<K extends 'matrixDevices' | 'matrixForgedDir'>(key: K) {
  try {
    return inject(key) as ReturnType<typeof inject<K>> | undefined;
  } catch {
    return undefined;
  }
}

/** A count setting (MATRIX_RETRIES): a non-negative integer, 0 when unset. */
function countFromEnv(env: NodeJS.ProcessEnv, name: string): number {
  const raw = env[name]?.trim();
  if (!raw) return 0;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) {
    throw new HarnessError('HARNESS_BAD_ENV', `${name}=${JSON.stringify(raw)} is not a non-negative integer.`, `Unset ${name} (0: no retries) or set e.g. ${name}=2 (the nightly's value).`);
  }
  return value;
}

function positiveIntFromEnv(env: NodeJS.ProcessEnv, name: string): number | undefined {
  const raw = env[name]?.trim();
  if (!raw) return undefined;
  const value = Number(raw);
  if (!Number.isInteger(value) || value <= 0) {
    throw new HarnessError('HARNESS_BAD_ENV', `${name}=${JSON.stringify(raw)} is not a positive integer.`, `Unset ${name} (ONNX Runtime's default) or set e.g. ${name}=1.`);
  }
  return value;
}

function timeoutFromEnv(env: NodeJS.ProcessEnv): number {
  const raw = env.MATRIX_CELL_TIMEOUT_MS?.trim();
  if (!raw) return DEFAULT_CELL_TIMEOUT_MS;
  const ms = Number(raw);
  if (!Number.isFinite(ms) || ms <= 0) {
    throw new HarnessError('HARNESS_BAD_TIMEOUT', `MATRIX_CELL_TIMEOUT_MS=${JSON.stringify(raw)} is not a positive number of milliseconds.`, `Unset it (default ${DEFAULT_CELL_TIMEOUT_MS}) or set e.g. MATRIX_CELL_TIMEOUT_MS=30000.`);
  }
  return ms;
}
