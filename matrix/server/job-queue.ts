import type { Job, JobConfig, JobStatus } from './job.js';

/** What a submission got: the job (new or the queued duplicate) and its place in the queue (0 = running). */
export interface Submission {
  job: Job;
  position: number;
  deduplicated: boolean;
}

/** Jobs per status, as `GET /api/queue` shows them (the leaderboard's counts plus ours). */
export type QueueCounts = Record<JobStatus, number> & { total: number };

/**
 * The queue behind the HTTP API: the embedded one (./embedded-queue.ts) or BullMQ on Redis
 * (./redis-queue.ts). Either persists jobs, de-duplicates a queued configuration, bounds the
 * queue (QueueFullError → 429) and cancels.
 */
export interface JobQueue {
  start(): Promise<void>;
  close(): Promise<void>;
  /** Throws QueueFullError when the queue is at its limit. */
  submit(config: JobConfig): Submission;
  /** Submits every config or none: throws QueueFullError when the new (not duplicate) ones do not all fit. */
  submitAll(configs: readonly JobConfig[]): Submission[];
  get(id: string): Job | undefined;
  /** Every job known, oldest first. */
  list(): Job[];
  counts(): QueueCounts;
  /** Place of a queued job (1 = next), 0 when running, -1 otherwise. */
  position(id: string): number;
  /** Cancels a queued or running job; undefined for an unknown id. */
  cancel(id: string): Job | undefined;
  /** Calls `listener` with every job whose state changed; returns the unsubscribe. */
  onChange(listener: (job: Job) => void): () => void;
  /** A number that changes whenever any job does (lets readers cache what they render). */
  revision(): number;
  /** Records a change made outside the queue (an upload retried); emits it. */
  update(job: Job): void;
}
