/**
 * A benchmark job of the server: one configuration (model or forged family, task, platform, device,
 * dtype, batch, mode, repeats), its state in the queue, and what running it produced.
 * Domain types; the leaderboard's JSON shapes live in ./wire-job.ts.
 */
import type { CellResult, DeviceReport, Device, Dtype, ErrorStage, ErrorType, Platform, RunInfo } from '../harness/types.js';

/** What a client asks for (after validation by ./job-body.ts). */
export interface JobConfig {
  platform: Platform;
  /** `org/name`; `forged/<family>` names a forged family. */
  modelId: string;
  /** Forged/generated family to run; derived from the model id when absent. */
  family?: string;
  task: string;
  mode: 'warm' | 'cold';
  repeats: number;
  dtype: Dtype;
  batchSize: number;
  device: Device;
  /** Web jobs only. */
  browser?: string;
  headed?: boolean;
  /** Per-job timeout; the server's default (10 min) when absent. */
  timeoutMs?: number;
}

export const JOB_STATUSES = ['queued', 'running', 'done', 'failed', 'cancelled'] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];

/** Why a job failed: the leaderboard's `{type, message, stage}`, with our error types. */
export interface JobError {
  type: ErrorType | 'cancelled' | 'server-restarted';
  message: string;
  stage: ErrorStage | 'queue';
}

/** What running a job produced: one run of cells (failed cells included). */
export interface JobOutcome {
  run: RunInfo;
  devices: DeviceReport[];
  cells: CellResult[];
  /** Set when the job as a whole failed (child crashed, timed out, no cell for the task). */
  error?: JobError;
}

/** One job in the queue or history. Times in epoch milliseconds. */
export interface Job {
  id: string;
  config: JobConfig;
  status: JobStatus;
  createdAtMs: number;
  startedAtMs?: number;
  finishedAtMs?: number;
  /** Times the job was started (a restart or a dead worker starts it again). */
  attempts: number;
  /** Starts after the first one, recorded on its cells (CellBase.retries). */
  retries: number;
  /** Queue the job went to (Redis mode: `matrix-node-cpu`). */
  queue?: string;
  /** Run id of the stored cells once finished. */
  runId?: string;
  /** The run the cells belong to (for uploads after the fact). */
  run?: RunInfo;
  /** Compact per-cell summary of a finished job, shown by the API. */
  cells?: CellResult[];
  error?: JobError;
  /** Upload result: 'uploaded', 'disabled', or the error message. */
  upload?: string;
}
