import type { JobOutcome } from './job.js';

/** What a `matrix worker` returns as its BullMQ job result: the outcome, how often the job was started before, and who ran it. */
export interface WorkerResult {
  outcome: JobOutcome;
  /** Starts of this job before the one that produced the outcome (a worker died, the stalled check re-queued it). */
  retries: number;
  /** Host name and pid of the worker. */
  worker: string;
}
