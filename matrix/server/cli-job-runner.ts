/**
 * The default JobRunner: runs the job through the CLI in a child process (`node bin/matrix.js run
 * --family F --platform node|node,web`), so a timeout or a crash stays in the child. The child gets its
 * own temp database, MATRIX_DEVICES/MATRIX_DTYPES narrowed to the job's device and dtype (plus the
 * cpu/fp32 reference the parity check compares with; a web job gets only that reference on node and
 * MATRIX_WEB_DEVICES/MATRIX_WEB_DTYPES set to its own), and no inherited journal or run id. Its cells of the job's task are
 * read back; the server alone writes them to its store. `mode: cold` runs one fresh child per repeat
 * with an empty transformers.js cache (MATRIX_CACHE_DIR), so a Hub model's load includes its download;
 * the load time of each repeat is noted on the job's cell.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CellResult } from '../harness/types.js';
import type { Job, JobError, JobOutcome } from './job.js';
import type { JobRunner } from './job-runner.js';
import { readRun } from './read-run.js';
import { resolveFamily } from './resolve-family.js';
import { runChild, type ChildEnd } from './run-child.js';

/** Where the CLI and generated tests are; the checkout this file is in by default. */
export interface CliJobRunnerOptions {
  projectRoot?: string;
  /** Environment the children start from (default: this process's). */
  env?: NodeJS.ProcessEnv;
}

const SCRUBBED = ['MATRIX_CELL_JOURNAL', 'MATRIX_RUN_ID', 'MATRIX_SHARD', 'MATRIX_DEVICES', 'MATRIX_DTYPES', 'MATRIX_WEB_DEVICES', 'MATRIX_WEB_DTYPES', 'MATRIX_PLATFORMS', 'MATRIX_DB', 'HF_TOKEN', 'MATRIX_SERVER_TOKEN'];

/** A JobRunner that runs `matrix run --family F` in a child process per repeat (see the file comment). */
export function cliJobRunner(options: CliJobRunnerOptions = {}): JobRunner {
  const root = options.projectRoot ?? fileURLToPath(new URL('../..', import.meta.url));
  return {
    async run(job, { signal, timeoutMs }) {
      const { config } = job;
      const resolved = resolveFamily(config, join(root, 'generated-tests'));
      if ('error' in resolved) return failed(job, { type: 'missing-file', stage: 'resolve', message: resolved.error });
      const deadline = Date.now() + timeoutMs;
      const children = config.mode === 'cold' ? config.repeats : 1;
      const coldLoadsMs: number[] = [];
      let last: JobOutcome | undefined;
      for (let repeat = 0; repeat < children; repeat++) {
        const outcome = await runOnce(root, job, resolved.family, options.env ?? process.env, signal, Math.max(1, deadline - Date.now()), config.mode === 'cold');
        if (outcome.error && !outcome.cells.some((c) => matches(job, c))) return outcome;
        const cell = outcome.cells.find((c) => matches(job, c));
        if (cell && 'measurements' in cell && cell.measurements?.coldLoadMs !== undefined) coldLoadsMs.push(cell.measurements.coldLoadMs);
        last = outcome;
      }
      const outcome = last!;
      if (config.mode === 'cold') {
        outcome.cells = outcome.cells.map((c) => (matches(job, c) ? { ...c, notes: [...(c.notes ?? []), `cold load per repeat (ms): ${coldLoadsMs.map((ms) => ms.toFixed(1)).join(', ')}`] } : c));
      }
      return outcome;
    },
  };
}

async function runOnce(root: string, job: Job, family: string, baseEnv: NodeJS.ProcessEnv, signal: AbortSignal, timeoutMs: number, emptyCache: boolean): Promise<JobOutcome> {
  const dir = mkdtempSync(join(tmpdir(), 'matrix-job-'));
  const dbPath = join(dir, 'job.duckdb');
  const env: NodeJS.ProcessEnv = { ...baseEnv };
  for (const name of SCRUBBED) delete env[name];
  env.MATRIX_DB = dbPath;
  // Cold: an empty transformers.js cache, so a Hub model is downloaded again through transformers.js's own path.
  if (emptyCache) env.MATRIX_CACHE_DIR = join(dir, 'cache');
  const web = job.config.platform === 'web';
  // Node jobs: the job's device and dtype plus the cpu/fp32 reference; web jobs: only that reference on node.
  env.MATRIX_DEVICES = web ? 'cpu' : [...new Set(['cpu', job.config.device])].join(',');
  env.MATRIX_DTYPES = web ? 'fp32' : [...new Set(['fp32', job.config.dtype])].join(',');
  if (web) {
    env.MATRIX_WEB_DEVICES = job.config.device;
    env.MATRIX_WEB_DTYPES = job.config.dtype;
  }
  try {
    const args = [join(root, 'bin', 'matrix.js'), 'run', '--family', family, '--platform', web ? 'node,web' : 'node', '--db', dbPath];
    const end = await runChild(process.execPath, args, { cwd: root, env, timeoutMs, signal });
    const stored = await readRun(dbPath).catch(() => null);
    const cells = (stored?.cells ?? []).filter((c) => c.key.task === job.config.task);
    const outcome: JobOutcome = {
      run: stored?.run ?? placeholderRun(job),
      devices: stored?.devices ?? [],
      cells,
    };
    const error = childError(end) ?? cellError(job, cells, stored !== null);
    if (error) outcome.error = error;
    return outcome;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function matches(job: Job, cell: CellResult): boolean {
  const k = cell.key;
  return k.platform === job.config.platform && (job.config.platform !== 'web' || k.browser === job.config.browser) && k.task === job.config.task && k.device === job.config.device && k.dtype === job.config.dtype && k.batchSize === job.config.batchSize;
}

function childError(end: ChildEnd): JobError | undefined {
  if (end.aborted) return { type: 'cancelled', stage: 'queue', message: 'cancelled by a client' };
  if (end.timedOut) return { type: 'timeout', stage: 'infer', message: `timed out after ${Math.round(end.durationMs / 1000)} s (SIGTERM, then SIGKILL after 5 s)` };
  if (end.signal) return { type: 'crashed', stage: 'load', message: `the benchmark process was killed by ${end.signal}` };
  if (end.code !== 0) return { type: 'unknown', stage: 'load', message: `matrix run exited with code ${end.code}: ${end.tail.trim().split('\n').slice(-5).join(' | ')}` };
  return undefined;
}

function cellError(job: Job, cells: CellResult[], wroteRun: boolean): JobError | undefined {
  const cell = cells.find((c) => matches(job, c));
  const { task, device, dtype, batchSize } = job.config;
  if (!cell) {
    const tasks = [...new Set(cells.map((c) => c.key.task))];
    const why = !wroteRun ? 'the run stored nothing' : cells.length === 0 ? `the family has no task "${task}"` : `found only ${cells.map((c) => `${c.key.platform}/${c.key.device}/${c.key.dtype}/b${c.key.batchSize}`).join(', ')}${batchSize !== 1 ? ' (the generated suite measures batch 1)' : ''}`;
    return { type: 'unknown', stage: 'resolve', message: `no ${task} cell for ${job.config.platform}/${device}/${dtype}/b${batchSize}: ${why}${tasks.length ? `; tasks: ${tasks.join(', ')}` : ''}` };
  }
  if (cell.status === 'fail') return { type: cell.errorType, stage: cell.stage, message: cell.message };
  if (cell.status === 'unsupported' || cell.status === 'skip') return { type: 'unknown', stage: 'resolve', message: `${cell.status}: ${cell.reason}` };
  return undefined;
}

function failed(job: Job, error: JobError): JobOutcome {
  return { run: placeholderRun(job), devices: [], cells: [], error };
}

/** Run identity for a job that stored no run (it failed before measuring). */
export function placeholderRun(job: Job) {
  return { runId: `job-${job.id}`, startedAt: new Date().toISOString(), gitSha: null, transformersVersion: '', ortVersion: '', host: '', os: '', cpu: '', ci: false, shard: null, profile: 'quick' };
}
