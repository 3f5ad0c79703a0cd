/**
 * The embedded queue (the default): jobs persisted in a JSONL journal (./job-journal.ts), run one at
 * a time (or `concurrency`) through a JobRunner in child processes. On start, a job left running by a
 * killed server is queued again once (its retry recorded), or failed "server restarted" if it was
 * already retried. De-duplication, the bound (429) and counts are ./job-book.ts's; queued and running
 * jobs can be cancelled (a running one's child is stopped).
 */
import type { Job, JobOutcome } from './job.js';
import { JobBook, type JobBookOptions } from './job-book.js';
import type { JobRunner } from './job-runner.js';

export interface EmbeddedQueueOptions extends JobBookOptions {
  runner: JobRunner;
  /** Jobs run at once (default 1: timings of jobs running together are contended). */
  concurrency?: number;
}

/** Starts after which a job left running by a restart is failed instead of queued again. */
export const MAX_ATTEMPTS = 2;

export class EmbeddedQueue extends JobBook {
  private readonly runner: JobRunner;
  private readonly concurrency: number;
  private readonly controllers = new Map<string, AbortController>();
  private readonly inFlight = new Set<Promise<void>>();
  private closed = false;

  constructor(options: EmbeddedQueueOptions) {
    super(options);
    this.runner = options.runner;
    this.concurrency = options.concurrency ?? 1;
  }

  async start(): Promise<void> {
    for (const saved of this.journal.jobs) {
      this.jobs.set(saved.id, saved);
      if (saved.status === 'queued') this.waiting.push(saved.id);
      if (saved.status !== 'running') continue;
      if (saved.attempts >= MAX_ATTEMPTS) {
        await this.record(saved, this.failure(saved, { type: 'server-restarted', stage: 'queue', message: 'server restarted while the job ran, after it had been retried once' }));
      } else {
        this.save({ ...saved, status: 'queued', retries: saved.retries + 1 });
        this.waiting.push(saved.id);
      }
    }
    this.pump();
  }

  /** Stops running children and puts their jobs back in the queue as not started (a clean stop is not a retry). */
  async close(): Promise<void> {
    this.closed = true;
    const interrupted = [...this.controllers.keys()];
    for (const controller of this.controllers.values()) controller.abort();
    await Promise.allSettled([...this.inFlight]);
    for (const id of interrupted) {
      const job = this.jobs.get(id)!;
      const { startedAtMs: _started, ...rest } = job;
      this.save({ ...rest, status: 'queued', attempts: Math.max(0, job.attempts - 1) });
    }
    this.journal.close();
  }

  cancel(id: string): Job | undefined {
    const job = this.jobs.get(id);
    if (job?.status === 'queued') this.cancelWaiting(job);
    else if (job?.status === 'running') this.controllers.get(id)?.abort();
    return this.jobs.get(id);
  }

  protected enqueue(): void {
    this.pump();
  }

  private pump(): void {
    while (!this.closed && this.controllers.size < this.concurrency && this.waiting.length > 0) {
      const id = this.waiting[0]!;
      const job = this.markRunning(id, this.jobs.get(id)!.attempts + 1);
      const controller = new AbortController();
      this.controllers.set(id, controller);
      const done = this.execute(job, controller).finally(() => {
        this.controllers.delete(id);
        this.inFlight.delete(done);
        this.pump();
      });
      this.inFlight.add(done);
    }
  }

  private async execute(job: Job, controller: AbortController): Promise<void> {
    let outcome: JobOutcome;
    try {
      outcome = await this.runner.run(job, { signal: controller.signal, timeoutMs: job.config.timeoutMs ?? this.defaultTimeoutMs });
    } catch (error) {
      outcome = this.failure(job, { type: 'unknown', stage: 'load', message: `runner error: ${(error as Error).message}` });
    }
    // A closing server puts the job back in the queue (see close); a killed one leaves it "running".
    if (this.closed) return;
    if (controller.signal.aborted) outcome.error = { type: 'cancelled', stage: 'queue', message: 'cancelled by a client while it ran' };
    await this.record(job, outcome);
  }
}
