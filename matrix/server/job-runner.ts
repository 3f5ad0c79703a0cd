import type { Job, JobOutcome } from './job.js';

/** How long a job may run before SIGTERM (the leaderboard's default, 10 minutes). */
export const DEFAULT_JOB_TIMEOUT_MS = 10 * 60_000;
/** Grace between SIGTERM and SIGKILL. */
export const KILL_GRACE_MS = 5_000;

/**
 * Runs one job and returns its outcome; never throws for a failed job (the outcome carries the error).
 * The seam between the queue (embedded or a Redis worker) and the process that measures: the default,
 * ./cli-job-runner.ts, runs the CLI in a child process; tests pass another real runner.
 */
export interface JobRunner {
  run(job: Job, options: { signal: AbortSignal; timeoutMs: number }): Promise<JobOutcome>;
}
