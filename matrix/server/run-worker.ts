/**
 * `matrix worker --redis URL`: probes this machine's devices and takes jobs only from the BullMQ
 * queues of the devices it has (one queue per platform/device), one job at a time across them so
 * timings are not contended. Each job runs through a JobRunner (the CLI in a child process); the
 * outcome goes back as the BullMQ job result, with the number of earlier starts (a dead worker's job
 * is put back by the stalled check of the remaining workers). The worker never writes DuckDB.
 */
import { Worker, type Job as BullJob } from 'bullmq';
import type { DeviceReport } from '../harness/types.js';
import type { Job } from './job.js';
import { DEFAULT_JOB_TIMEOUT_MS, type JobRunner } from './job-runner.js';
import { cancelKey, queueName } from './queue-name.js';
import { redisConnection, workerName } from './redis-queue.js';
import type { WorkerResult } from './wire-worker-result.js';

export interface WorkerOptions {
  redisUrl: string;
  /** The probe's reports; only available devices get a queue. */
  devices: readonly DeviceReport[];
  runner: JobRunner;
  /** How long a job's lock lasts without renewal: a dead worker's job is re-queued after about this (default 30 s). */
  lockDurationMs?: number;
  /** How often this worker checks for stalled jobs (default 30 s). */
  stalledIntervalMs?: number;
  defaultTimeoutMs?: number;
  log?: (line: string) => void;
}

/** A running worker. */
export interface RunningWorker {
  queues: string[];
  close(): Promise<void>;
}

/** Starts listening on the queues of the available devices; throws nothing when there are none (queues is empty). */
export async function runWorker(options: WorkerOptions): Promise<RunningWorker> {
  const log = options.log ?? ((line: string) => process.stdout.write(`${line}\n`));
  const available = options.devices.filter((d) => d.available);
  const names = available.map((d) => queueName(d.platform, d.device));
  const control = redisConnection(options.redisUrl);
  await control.ping();
  let busy: Promise<unknown> = Promise.resolve();
  const processor = async (bull: BullJob): Promise<WorkerResult> => {
    const run = busy.then(() => runOne(bull));
    busy = run.catch(() => undefined);
    return run;
  };
  const runOne = async (bull: BullJob): Promise<WorkerResult> => {
    const job = (bull.data as { job: Job }).job;
    const retries = Math.max(0, bull.attemptsStarted - 1);
    log(`▶ ${job.id} ${job.config.modelId} ${job.config.task} ${bull.queueName}${retries ? ` (retry ${retries})` : ''}`);
    const controller = new AbortController();
    const poll = setInterval(() => {
      void control.exists(cancelKey(job.id)).then((n) => n > 0 && controller.abort(), () => undefined);
    }, 1_000);
    try {
      const outcome = await options.runner.run({ ...job, retries, attempts: bull.attemptsStarted }, {
        signal: controller.signal,
        timeoutMs: job.config.timeoutMs ?? options.defaultTimeoutMs ?? DEFAULT_JOB_TIMEOUT_MS,
      });
      if (controller.signal.aborted) outcome.error = { type: 'cancelled', stage: 'queue', message: 'cancelled by a client while it ran' };
      log(`${outcome.error ? '✗' : '✓'} ${job.id}${outcome.error ? ` ${outcome.error.type}: ${outcome.error.message}` : ''}`);
      return { outcome, retries, worker: workerName() };
    } finally {
      clearInterval(poll);
    }
  };
  const workers = names.map((name) => {
    const connection = redisConnection(options.redisUrl);
    connection.on('error', () => undefined);
    const worker = new Worker(name, processor, {
      connection,
      concurrency: 1,
      maxStalledCount: 1,
      lockDuration: options.lockDurationMs ?? 30_000,
      stalledInterval: options.stalledIntervalMs ?? 30_000,
    });
    worker.on('error', (error) => log(`worker ${name}: ${error.message}`));
    return { worker, connection };
  });
  await Promise.all(workers.map(({ worker }) => worker.waitUntilReady()));
  const missing = options.devices.filter((d) => !d.available).map((d) => `${d.platform}/${d.device} (${d.reason})`);
  log(`matrix worker ${workerName()}: taking jobs from ${names.length ? names.join(', ') : 'no queue (no device available)'}${missing.length ? ` · not here: ${missing.join('; ')}` : ''}`);
  return {
    queues: names,
    async close() {
      await Promise.all(workers.map(({ worker }) => worker.close()));
      for (const { connection } of workers) connection.disconnect();
      control.disconnect();
    },
  };
}
