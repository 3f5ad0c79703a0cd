/**
 * What happens to every finished job, failed ones too: its cells (with the retries recorded, a pass
 * after a retry marked flaky) go to the store as one run, the job goes to the local JSONL history,
 * and, when enabled, it is uploaded. The store write and the history must work; an upload error is
 * logged and kept on the job, never failing it.
 */
import type { CellResult } from '../harness/types.js';
import { storeRun } from '../store/index.js';
import type { Job, JobOutcome } from './job.js';
import { appendHistory } from './result-history.js';
import type { JobUploader } from './job-uploader.js';

/** Where finished jobs go. */
export interface FinishSettings {
  /** The server's matrix database. */
  dbPath: string;
  /** BENCHMARK_RESULTS_DIR. */
  resultsDir: string;
  uploader: JobUploader | null;
  log: (line: string) => void;
}

/** Applies `outcome` to `job` (status, cells, run id) and records it; returns the finished job. */
export async function finishJob(job: Job, outcome: JobOutcome, settings: FinishSettings, nowMs = Date.now()): Promise<Job> {
  const cells = markRetries(withJobCell(job, outcome), job.retries);
  const finished: Job = {
    ...job,
    run: outcome.run,
    status: outcome.error?.type === 'cancelled' ? 'cancelled' : outcome.error ? 'failed' : 'done',
    finishedAtMs: nowMs,
    cells,
    ...(outcome.error ? { error: outcome.error } : {}),
  };
  if (cells.length > 0) {
    const record = { run: outcome.run, devices: outcome.devices, cells, interrupted: finished.status === 'cancelled', finishedAt: new Date(nowMs).toISOString() };
    try {
      await storeRun(record, { path: settings.dbPath, log: settings.log });
      finished.runId = outcome.run.runId;
    } catch (error) {
      settings.log(`✗ job ${job.id}: store write failed: ${(error as Error).message}`);
    }
  }
  appendHistory(settings.resultsDir, finished);
  if (finished.status !== 'cancelled') finished.upload = await uploadJob(finished, settings);
  return finished;
}

/** Uploads a finished job when an uploader is set; the outcome as text ('uploaded', 'disabled', or the error). */
export async function uploadJob(job: Job, settings: Pick<FinishSettings, 'uploader' | 'log'>): Promise<string> {
  if (!settings.uploader) return 'disabled';
  try {
    await settings.uploader.upload(job);
    settings.log(`✓ job ${job.id} uploaded`);
    return 'uploaded';
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    settings.log(`✗ job ${job.id}: upload failed (the job stays ${job.status}): ${message}`);
    return `failed: ${message}`;
  }
}

/**
 * The outcome's cells, plus, for a job that failed before its own cell was measured (a crash, a
 * timeout, an unknown family), a `fail` cell for the job's configuration carrying the error, so the
 * failure is stored and uploaded like any other result (the leaderboard skips failed runs).
 */
export function withJobCell(job: Job, outcome: JobOutcome): CellResult[] {
  const c = job.config;
  const own = outcome.cells.some((cell) => cell.key.task === c.task && cell.key.device === c.device && cell.key.dtype === c.dtype && cell.key.batchSize === c.batchSize);
  if (own || !outcome.error || outcome.error.type === 'cancelled') return [...outcome.cells];
  const family = c.family ?? (c.modelId.startsWith('forged/') ? c.modelId.slice('forged/'.length) : outcome.cells[0]?.key.family ?? 'unknown');
  const error = outcome.error;
  const cell: CellResult = {
    key: { family, archKind: outcome.cells[0]?.key.archKind ?? 'other', task: c.task, modelId: outcome.cells[0]?.key.modelId ?? c.modelId, platform: c.platform, device: c.device, dtype: c.dtype, batchSize: c.batchSize, ...(c.browser ? { browser: c.browser } : {}) },
    source: outcome.cells[0]?.source ?? (c.modelId.startsWith('forged/') ? 'forged' : 'hub'),
    inference: 'real',
    status: 'fail',
    stage: error.stage === 'queue' ? 'load' : error.stage,
    errorType: error.type === 'server-restarted' || error.type === 'cancelled' ? 'crashed' : error.type,
    message: error.message,
    notes: [`benchmark job ${job.id} failed before its cell was measured`],
  };
  return [...outcome.cells, cell];
}

/** Cells with the job's retries on them; a pass after a retry is flaky, never a clean pass. */
export function markRetries(cells: readonly CellResult[], retries: number): CellResult[] {
  if (retries <= 0) return [...cells];
  return cells.map((c) => ({ ...c, retries, ...(c.status === 'pass' ? { flaky: true } : {}) }));
}
