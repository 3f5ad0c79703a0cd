/**
 * Starts the benchmark server: checks the host/token rule, opens the queue (embedded by default, BullMQ
 * on Redis with `redisUrl`), listens, and prints one start-up line that says where it listens, which
 * queue it uses and whether upload is enabled (and how to enable it). Returns a handle to stop it.
 */
import { serve } from '@hono/node-server';
import { dirname, join, resolve } from 'node:path';
import { createApp } from './create-app.js';
import { EmbeddedQueue } from './embedded-queue.js';
import { ServerTokenRequiredError } from './errors.js';
import type { FinishSettings } from './finish-job.js';
import { isLoopback } from './is-loopback.js';
import { openJobJournal } from './job-journal.js';
import type { JobQueue } from './job-queue.js';
import type { JobRunner } from './job-runner.js';
import type { JobUploader } from './job-uploader.js';
import { RedisQueue } from './redis-queue.js';

export interface ServeOptions {
  host: string;
  port: number;
  /** The server's matrix database (only the server writes it). */
  dbPath: string;
  /** BENCHMARK_RESULTS_DIR. */
  resultsDir: string;
  /** Embedded queue's journal (default: `server/jobs.jsonl` next to the database). */
  journalPath?: string;
  /** MATRIX_SERVER_TOKEN or null. */
  token: string | null;
  uploader: JobUploader | null;
  matrixJson: () => Promise<string>;
  /** Embedded queue only: how jobs run (default: the CLI in a child process). */
  runner: JobRunner;
  /** BullMQ on Redis instead of the embedded queue. */
  redisUrl?: string;
  maxQueued?: number;
  defaultTimeoutMs?: number;
  log?: (line: string) => void;
}

/** A running server. */
export interface RunningServer {
  url: string;
  port: number;
  queue: JobQueue;
  close(): Promise<void>;
}

export async function startServer(options: ServeOptions): Promise<RunningServer> {
  if (!isLoopback(options.host) && !options.token) throw new ServerTokenRequiredError(options.host);
  const log = options.log ?? ((line: string) => process.stdout.write(`${line}\n`));
  const finish: FinishSettings = { dbPath: resolve(options.dbPath), resultsDir: resolve(options.resultsDir), uploader: options.uploader, log };
  const journalPath = options.journalPath ?? join(dirname(finish.dbPath), 'server', options.redisUrl ? 'redis-jobs.jsonl' : 'jobs.jsonl');
  const journal = openJobJournal(journalPath);
  const limits = { ...(options.maxQueued !== undefined ? { maxQueued: options.maxQueued } : {}), ...(options.defaultTimeoutMs !== undefined ? { defaultTimeoutMs: options.defaultTimeoutMs } : {}) };
  const queue: JobQueue = options.redisUrl
    ? new RedisQueue({ journal, finish, redisUrl: options.redisUrl, ...limits })
    : new EmbeddedQueue({ journal, runner: options.runner, finish, ...limits });
  await queue.start();
  const app = createApp({ queue, finish, matrixJson: options.matrixJson, token: options.token });
  const { server, port } = await new Promise<{ server: ReturnType<typeof serve>; port: number }>((done, fail) => {
    const server = serve({ fetch: app.fetch, port: options.port, hostname: options.host }, (info) => done({ server, port: info.port }));
    server.once('error', fail);
  });
  const shown = options.host.includes(':') ? `[${options.host}]` : options.host;
  const url = `http://${shown}:${port}`;
  log(
    `matrix serve: ${url} · queue ${options.redisUrl ? `BullMQ on ${redactUrl(options.redisUrl)}` : `embedded (${journalPath})`} · store ${finish.dbPath} · ` +
      (options.uploader
        ? `upload enabled: ${options.uploader.target}`
        : 'upload disabled (set HF_TOKEN and HF_DATASET_REPO in the environment or .env to enable)') +
      (options.token ? ' · token required for changes' : ''),
  );
  return {
    url,
    port,
    queue,
    async close() {
      await new Promise<void>((done) => {
        server.close(() => done());
        (server as unknown as { closeAllConnections?: () => void }).closeAllConnections?.();
      });
      await queue.close();
    },
  };
}

/** A Redis URL without its password, for logs. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '(redis url)';
  }
}
