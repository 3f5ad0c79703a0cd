/**
 * What both queues keep on the server: every job by id (mirrored in the JSONL journal), the waiting
 * order, de-duplication of a waiting configuration, the bound on waiting jobs (QueueFullError with a
 * Retry-After from the typical job duration), counts, positions and change listeners. The embedded
 * queue runs jobs itself; the Redis queue hands them to BullMQ.
 */
import { randomUUID } from 'node:crypto';
import { placeholderRun } from './cli-job-runner.js';
import { configKey } from './config-key.js';
import { QueueFullError } from './errors.js';
import { finishJob, type FinishSettings } from './finish-job.js';
import type { Job, JobConfig, JobOutcome } from './job.js';
import type { JobJournal } from './job-journal.js';
import type { JobQueue, QueueCounts, Submission } from './job-queue.js';
import { DEFAULT_JOB_TIMEOUT_MS } from './job-runner.js';

export interface JobBookOptions {
  journal: JobJournal;
  finish: FinishSettings;
  /** Most jobs waiting (default 1,000). */
  maxQueued?: number;
  defaultTimeoutMs?: number;
}

export abstract class JobBook implements JobQueue {
  protected readonly jobs = new Map<string, Job>();
  /** Ids of queued jobs, in order. */
  protected readonly waiting: string[] = [];
  /** Ids of running jobs. */
  protected readonly active = new Set<string>();
  protected readonly journal: JobJournal;
  protected readonly finish: FinishSettings;
  protected readonly maxQueued: number;
  protected readonly defaultTimeoutMs: number;
  private readonly listeners = new Set<(job: Job) => void>();
  private readonly durationsMs: number[] = [];
  private changes = 0;

  constructor(options: JobBookOptions) {
    this.journal = options.journal;
    this.finish = options.finish;
    this.maxQueued = options.maxQueued ?? 1_000;
    this.defaultTimeoutMs = options.defaultTimeoutMs ?? DEFAULT_JOB_TIMEOUT_MS;
  }

  abstract start(): Promise<void>;
  abstract close(): Promise<void>;
  abstract cancel(id: string): Job | undefined;
  /** Hands a newly queued job to the engine. */
  protected abstract enqueue(job: Job): void;

  submit(config: JobConfig): Submission {
    const key = configKey(config);
    const twin = this.waiting.map((id) => this.jobs.get(id)!).find((j) => configKey(j.config) === key);
    if (twin) return { job: twin, position: this.position(twin.id), deduplicated: true };
    if (this.waiting.length >= this.maxQueued) throw new QueueFullError(this.maxQueued, this.retryAfterS());
    const job: Job = { id: randomUUID(), config, status: 'queued', createdAtMs: Date.now(), attempts: 0, retries: 0 };
    this.save(job);
    this.waiting.push(job.id);
    this.enqueue(job);
    return { job: this.jobs.get(job.id)!, position: this.position(job.id), deduplicated: false };
  }

  submitAll(configs: readonly JobConfig[]): Submission[] {
    const waitingKeys = new Set(this.waiting.map((id) => configKey(this.jobs.get(id)!.config)));
    const fresh = new Set(configs.map(configKey).filter((key) => !waitingKeys.has(key)));
    if (this.waiting.length + fresh.size > this.maxQueued) throw new QueueFullError(this.maxQueued, this.retryAfterS());
    return configs.map((config) => this.submit(config));
  }

  get(id: string): Job | undefined {
    return this.jobs.get(id);
  }

  list(): Job[] {
    return [...this.jobs.values()];
  }

  counts(): QueueCounts {
    const counts: QueueCounts = { total: 0, queued: 0, running: 0, done: 0, failed: 0, cancelled: 0 };
    for (const job of this.jobs.values()) {
      counts[job.status]++;
      counts.total++;
    }
    return counts;
  }

  position(id: string): number {
    if (this.active.has(id)) return 0;
    return this.waiting.indexOf(id) + 1 || -1;
  }

  onChange(listener: (job: Job) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  revision(): number {
    return this.changes;
  }

  update(job: Job): void {
    if (this.jobs.has(job.id)) this.save(job);
  }

  /** Journals the job's state, keeps it, tells the listeners. */
  protected save(job: Job): void {
    this.journal.write(job);
    this.jobs.set(job.id, job);
    this.changes++;
    for (const listener of this.listeners) listener(job);
  }

  /** Moves a job from waiting to running. */
  protected markRunning(id: string, attempts: number, extra: Partial<Job> = {}): Job {
    const at = this.waiting.indexOf(id);
    if (at >= 0) this.waiting.splice(at, 1);
    this.active.add(id);
    const job: Job = { ...this.jobs.get(id)!, status: 'running', startedAtMs: Date.now(), attempts, ...extra };
    this.save(job);
    return job;
  }

  /** Cancels a waiting job on the server's side. */
  protected cancelWaiting(job: Job): void {
    const at = this.waiting.indexOf(job.id);
    if (at >= 0) this.waiting.splice(at, 1);
    this.save({ ...job, status: 'cancelled', finishedAtMs: Date.now(), error: { type: 'cancelled', stage: 'queue', message: 'cancelled by a client before it started' } });
  }

  /** Stores, keeps and uploads a finished job (see ./finish-job.ts), then forgets it as active. */
  protected async record(job: Job, outcome: JobOutcome): Promise<void> {
    if (job.startedAtMs !== undefined) {
      this.durationsMs.push(Date.now() - job.startedAtMs);
      if (this.durationsMs.length > 50) this.durationsMs.shift();
    }
    const at = this.waiting.indexOf(job.id);
    if (at >= 0) this.waiting.splice(at, 1);
    const finished = await finishJob(job, outcome, this.finish);
    this.active.delete(job.id);
    this.save(finished);
    const took = job.startedAtMs !== undefined ? ` in ${((Date.now() - job.startedAtMs) / 1000).toFixed(1)} s` : '';
    this.finish.log(`${finished.status === 'done' ? '✓' : '✗'} job ${job.id} ${finished.status}${took} (${job.config.modelId} ${job.config.task} ${job.config.device}/${job.config.dtype})${finished.error ? `: ${finished.error.type}: ${finished.error.message}` : ''}${finished.runId ? ` → run ${finished.runId}` : ''}`);
  }

  /** A failure outcome with no cells. */
  protected failure(job: Job, error: NonNullable<JobOutcome['error']>): JobOutcome {
    return { run: placeholderRun(job), devices: [], cells: [], error };
  }

  private retryAfterS(): number {
    const sorted = [...this.durationsMs].sort((a, b) => a - b);
    const typicalMs = sorted.length ? sorted[Math.floor(sorted.length / 2)]! : 30_000;
    return Math.min(3_600, Math.max(1, Math.ceil(typicalMs / 1000)));
  }
}
