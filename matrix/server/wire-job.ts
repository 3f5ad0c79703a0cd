/**
 * The leaderboard server's JSON shape of a job (`QueuedBenchmark`), kept apart from our Job: one
 * mapping out. Status names are the leaderboard's (pending, running, completed, failed) plus
 * `cancelled`; `result` carries its `metrics` (load_ms, first_infer_ms, subsequent_infer_ms as
 * {p50, p90, raw}) taken from the job's own cell, and `error` its `{type, message, stage}`.
 */
import type { CellResult } from '../harness/types.js';
import type { Job, JobStatus } from './job.js';

export type WireStatus = 'pending' | 'running' | 'completed' | 'failed' | 'cancelled';

interface WireStat {
  p50: number;
  p90: number;
  raw: number[];
}

/** A job as the leaderboard's clients read it (plus our fields, which they ignore). */
export interface WireJob {
  id: string;
  platform: string;
  modelId: string;
  task: string;
  mode: string;
  repeats: number;
  dtype: string;
  batchSize: number;
  device: string;
  browser?: string;
  headed?: boolean;
  timestamp: number;
  status: WireStatus;
  startedAt?: number;
  completedAt?: number;
  error?: string;
  result?: {
    platform: string;
    runtime: string;
    model: string;
    task: string;
    mode: string;
    repeats: number;
    batchSize: number;
    dtype: string;
    device: string;
    metrics?: { load_ms: WireStat; first_infer_ms: WireStat; subsequent_infer_ms: WireStat };
    error?: { type: string; message: string; stage: string };
    runId?: string;
    cells: Array<{ key: string; status: string; source: string; latencyP50Ms?: number; retries?: number; flaky?: boolean }>;
  };
  family?: string;
  queue?: string;
  attempts: number;
  retries: number;
  upload?: string;
}

const STATUS: Record<JobStatus, WireStatus> = { queued: 'pending', running: 'running', done: 'completed', failed: 'failed', cancelled: 'cancelled' };

/** The leaderboard's name of a status. */
export function toWireStatus(status: JobStatus): WireStatus {
  return STATUS[status];
}

/** The wire form of `job`. */
export function toWireJob(job: Job): WireJob {
  const c = job.config;
  const finished = job.status === 'done' || job.status === 'failed' || job.status === 'cancelled';
  return {
    id: job.id,
    platform: c.platform,
    modelId: c.modelId,
    task: c.task,
    mode: c.mode,
    repeats: c.repeats,
    dtype: c.dtype,
    batchSize: c.batchSize,
    device: c.device,
    ...(c.browser !== undefined ? { browser: c.browser, headed: c.headed ?? false } : {}),
    timestamp: job.createdAtMs,
    status: STATUS[job.status],
    ...(job.startedAtMs !== undefined ? { startedAt: job.startedAtMs } : {}),
    ...(job.finishedAtMs !== undefined ? { completedAt: job.finishedAtMs } : {}),
    ...(job.error ? { error: job.error.message } : {}),
    ...(finished ? { result: wireResult(job) } : {}),
    ...(c.family !== undefined ? { family: c.family } : {}),
    ...(job.queue !== undefined ? { queue: job.queue } : {}),
    attempts: job.attempts,
    retries: job.retries,
    ...(job.upload !== undefined ? { upload: job.upload } : {}),
  };
}

function wireResult(job: Job): NonNullable<WireJob['result']> {
  const c = job.config;
  const cells = job.cells ?? [];
  const own = cells.find((cell) => cell.key.device === c.device && cell.key.dtype === c.dtype && cell.key.batchSize === c.batchSize);
  const metrics = own ? wireMetrics(own) : undefined;
  return {
    platform: c.platform,
    runtime: c.platform === 'node' ? 'node' : (c.browser ?? 'chromium'),
    model: c.modelId,
    task: c.task,
    mode: c.mode,
    repeats: c.repeats,
    batchSize: c.batchSize,
    dtype: c.dtype,
    device: c.device,
    ...(metrics ? { metrics } : {}),
    ...(job.error ? { error: { ...job.error } } : {}),
    ...(job.runId !== undefined ? { runId: job.runId } : {}),
    cells: cells.map((cell) => ({
      key: `${cell.key.task}/${cell.key.modelId}/${cell.key.platform}_${cell.key.device}_${cell.key.dtype}_b${cell.key.batchSize}`,
      status: cell.status,
      source: cell.source,
      ...('measurements' in cell && cell.measurements?.latency ? { latencyP50Ms: cell.measurements.latency.p50Ms } : {}),
      ...(cell.retries ? { retries: cell.retries } : {}),
      ...(cell.flaky ? { flaky: true } : {}),
    })),
  };
}

function wireMetrics(cell: CellResult): NonNullable<NonNullable<WireJob['result']>['metrics']> | undefined {
  if (!('measurements' in cell) || !cell.measurements) return undefined;
  const m = cell.measurements;
  if (m.coldLoadMs === undefined || m.firstInferenceMs === undefined || !m.latency) return undefined;
  const loads = coldLoads(cell) ?? [m.coldLoadMs];
  return {
    load_ms: stat(loads),
    first_infer_ms: stat([m.firstInferenceMs]),
    subsequent_infer_ms: { p50: m.latency.p50Ms, p90: m.latency.p90Ms, raw: m.samplesMs ?? [] },
  };
}

function coldLoads(cell: CellResult): number[] | undefined {
  const note = cell.notes?.find((n) => n.startsWith('cold load per repeat (ms): '));
  return note?.slice('cold load per repeat (ms): '.length).split(', ').map(Number);
}

function stat(values: number[]): WireStat {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number): number => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
  return { p50: at(0.5), p90: at(0.9), raw: values };
}
