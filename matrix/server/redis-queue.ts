/**
 * The queue on Redis (`matrix serve --redis URL`): BullMQ, one queue per platform/device
 * (./queue-name.ts), so a `matrix worker` takes only jobs for devices it has. The server keeps its own
 * book of jobs (./job-book.ts, journaled) for the API and takes results back as BullMQ job results:
 * only the server writes DuckDB. A worker that dies mid-job loses its lock; BullMQ's stalled check
 * (in the other workers) puts the job back once, and the worker that finishes it reports the retry.
 * Cancelling a running job sets a key its worker polls. On start the server re-adds the jobs it has
 * queued (BullMQ ignores a known job id) and collects results that finished while it was down.
 */
import { hostname } from 'node:os';
import { Job as BullJob, Queue, QueueEvents } from 'bullmq';
import { Redis } from 'ioredis';
import type { Job } from './job.js';
import { JobBook, type JobBookOptions } from './job-book.js';
import { cancelKey, queueName } from './queue-name.js';
import type { WorkerResult } from './wire-worker-result.js';

export interface RedisQueueOptions extends JobBookOptions {
  redisUrl: string;
}

/** Opens an ioredis connection as BullMQ needs it (no per-request retry limit). */
export function redisConnection(url: string): Redis {
  return new Redis(url, { maxRetriesPerRequest: null, lazyConnect: false });
}

export class RedisQueue extends JobBook {
  private readonly redisUrl: string;
  private readonly queues = new Map<string, { queue: Queue; events: QueueEvents }>();
  private readonly connections: Redis[] = [];
  private control: Redis | undefined;
  private readonly pendingAdds = new Set<Promise<unknown>>();
  private readonly collecting = new Set<string>();

  constructor(options: RedisQueueOptions) {
    super(options);
    this.redisUrl = options.redisUrl;
  }

  async start(): Promise<void> {
    this.control = this.connect();
    await this.control.ping();
    for (const job of this.journal.jobs) {
      this.jobs.set(job.id, job);
      if (job.status === 'queued' || job.status === 'running') {
        if (job.status === 'queued') this.waiting.push(job.id);
        else this.active.add(job.id);
        const { queue } = await this.queueOf(job);
        const bull = await BullJob.fromId(queue, job.id);
        if (!bull) this.enqueue(job);
        else await this.collect(job.id, bull);
      }
    }
  }

  async close(): Promise<void> {
    await Promise.allSettled([...this.pendingAdds]);
    for (const { queue, events } of this.queues.values()) {
      await events.close();
      await queue.close();
    }
    for (const c of this.connections) c.disconnect();
    this.journal.close();
  }

  cancel(id: string): Job | undefined {
    const job = this.jobs.get(id);
    if (!job) return undefined;
    if (job.status === 'queued') {
      this.cancelWaiting(job);
      void this.queueOf(job).then(async ({ queue }) => (await BullJob.fromId(queue, id))?.remove().catch(() => undefined));
    }
    // A running job (or one a worker just took): its worker polls this key and stops the child.
    if (job.status === 'queued' || job.status === 'running') void this.control?.set(cancelKey(id), '1', 'EX', 24 * 3600);
    return this.jobs.get(id);
  }

  protected enqueue(job: Job): void {
    const add = this.queueOf(job).then(({ queue }) =>
      queue.add('benchmark', { job }, { jobId: job.id, attempts: 1, removeOnComplete: { age: 7 * 24 * 3600 }, removeOnFail: { age: 7 * 24 * 3600 } }),
    ).catch((error: Error) => {
      void this.record(this.jobs.get(job.id)!, this.failure(job, { type: 'unknown', stage: 'queue', message: `could not queue on Redis: ${error.message}` }));
    });
    this.pendingAdds.add(add);
    void add.finally(() => this.pendingAdds.delete(add));
  }

  private connect(): Redis {
    const c = redisConnection(this.redisUrl);
    c.on('error', () => undefined); // reconnects on its own; errors surface as failed adds
    this.connections.push(c);
    return c;
  }

  private async queueOf(job: Job): Promise<{ queue: Queue; events: QueueEvents }> {
    const name = queueName(job.config.platform, job.config.device);
    let entry = this.queues.get(name);
    if (!entry) {
      const queue = new Queue(name, { connection: this.connect() });
      const events = new QueueEvents(name, { connection: this.connect() });
      entry = { queue, events };
      this.queues.set(name, entry);
      events.on('active', ({ jobId }) => {
        const known = this.jobs.get(jobId);
        if (known && (known.status === 'queued' || known.status === 'running')) this.markRunning(jobId, known.attempts + 1, { queue: name });
      });
      const settle = async ({ jobId }: { jobId: string }): Promise<void> => {
        const bull = await BullJob.fromId(queue, jobId);
        if (bull) await this.collect(jobId, bull);
      };
      events.on('completed', (e) => void settle(e));
      events.on('failed', (e) => void settle(e));
      await events.waitUntilReady();
    }
    return entry;
  }

  /** Records a BullMQ job that has finished; leaves one still waiting or active alone. */
  private async collect(id: string, bull: BullJob): Promise<void> {
    const job = this.jobs.get(id);
    if (!job || (job.status !== 'queued' && job.status !== 'running') || this.collecting.has(id)) return;
    this.collecting.add(id);
    try {
      await this.collectFinished(job, bull);
    } finally {
      this.collecting.delete(id);
    }
  }

  private async collectFinished(job: Job, bull: BullJob): Promise<void> {
    const state = await bull.getState();
    if (state === 'completed') {
      const result = bull.returnvalue as WorkerResult;
      const retries = Math.max(job.retries, result.retries);
      const ran: Job = { ...job, status: 'running', retries, attempts: Math.max(job.attempts, bull.attemptsStarted), queue: bull.queueName, startedAtMs: job.startedAtMs ?? bull.processedOn ?? Date.now() };
      await this.record(ran, { ...result.outcome, run: { ...result.outcome.run, origin: `worker:${result.worker}` } });
    } else if (state === 'failed') {
      await this.record({ ...job, retries: Math.max(job.retries, bull.attemptsStarted - 1) }, this.failure(job, {
        type: /stalled/i.test(bull.failedReason ?? '') ? 'crashed' : 'unknown',
        stage: 'queue',
        message: `worker failed the job: ${bull.failedReason ?? 'no reason given'}`,
      }));
    }
  }
}

/** The worker's name for results: host and pid. */
export function workerName(): string {
  return `${hostname()}#${process.pid}`;
}
