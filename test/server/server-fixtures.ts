/**
 * Shared parts of the server tests: a temp folder per test, a JobRunner alternate that answers with a
 * real CellResult (the seam the queue takes; the CLI runner is exercised by the restart and worker
 * tests), the server on a loopback port, and a small JSON client over the real fetch.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { afterEach } from 'vitest';
import { join } from 'node:path';
import type { CellResult } from '../../matrix/harness/types.js';
import { startServer, type Job, type JobOutcome, type JobRunner, type JobUploader, type RunningServer } from '../../matrix/server/index.js';

/** Registers cleanup steps that run (last first) after each test of the calling file. */
export function cleanupAfterEach(): (step: () => Promise<void> | void) => void {
  const steps: Array<() => Promise<void> | void> = [];
  afterEach(async () => {
    for (const step of steps.splice(0).reverse()) await step();
  });
  return (step) => {
    steps.push(step);
  };
}

export function tempDir(prefix: string): { dir: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), `matrix-${prefix}-`));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** A passing cell for the job's own configuration. */
export function passCell(job: Job, latencyMs = 2): CellResult {
  const c = job.config;
  return {
    key: { family: c.family ?? 'bert', archKind: 'encoder-only', task: c.task, modelId: c.modelId, platform: c.platform, device: c.device, dtype: c.dtype, batchSize: c.batchSize },
    source: 'forged',
    inference: 'real',
    status: 'pass',
    measurements: {
      coldLoadMs: 30, warmLoadMs: 10, firstInferenceMs: 3,
      latency: { samples: 3, meanMs: latencyMs, p50Ms: latencyMs, p90Ms: latencyMs, p99Ms: latencyMs, minMs: latencyMs, maxMs: latencyMs, stdMs: 0, rmePercent: 0 },
      samplesMs: [latencyMs, latencyMs, latencyMs], throughput: 1000 / latencyMs, throughputUnit: 'items/s', peakRssBytes: 1e8, heapUsedBytes: 1e7,
    },
  };
}

/** The outcome of a job that ran and passed. */
export function passOutcome(job: Job): JobOutcome {
  return {
    run: { runId: `run-${job.id}`, startedAt: new Date().toISOString(), gitSha: null, transformersVersion: '4.3.1', ortVersion: '1.30.0', host: 'test', os: 'linux', cpu: 'test', ci: false, shard: null, profile: 'quick' },
    devices: [{ platform: 'node', device: job.config.device, available: true, reason: '', info: {} }],
    cells: [passCell(job)],
  };
}

/**
 * A runner that passes every job after `delayMs`, or, with `hold`, only when released (so a test can
 * cancel it or see it running); an aborted job ends as soon as its signal fires.
 */
export function testRunner(options: { delayMs?: number; hold?: boolean } = {}): JobRunner & { started: string[]; release: () => void } {
  const waiters: Array<() => void> = [];
  const runner = {
    started: [] as string[],
    release: () => waiters.splice(0).forEach((w) => w()),
    async run(job: Job, { signal }: { signal: AbortSignal; timeoutMs: number }): Promise<JobOutcome> {
      runner.started.push(job.id);
      await new Promise<void>((resolve) => {
        if (options.hold) waiters.push(resolve);
        else setTimeout(resolve, options.delayMs ?? 10);
        signal.addEventListener('abort', () => resolve(), { once: true });
      });
      return passOutcome(job);
    },
  };
  return runner;
}

/** The server on 127.0.0.1, port 0, in `dir`. */
export function startTestServer(dir: string, options: { runner?: JobRunner; uploader?: JobUploader | null; token?: string | null; maxQueued?: number; redisUrl?: string; host?: string } = {}): Promise<RunningServer> {
  return startServer({
    host: options.host ?? '127.0.0.1',
    port: 0,
    dbPath: join(dir, 'matrix.duckdb'),
    resultsDir: join(dir, 'results'),
    token: options.token ?? null,
    uploader: options.uploader ?? null,
    matrixJson: async () => JSON.stringify({ cells: [] }),
    runner: options.runner ?? testRunner(),
    ...(options.maxQueued !== undefined ? { maxQueued: options.maxQueued } : {}),
    ...(options.redisUrl ? { redisUrl: options.redisUrl } : {}),
    log: () => undefined,
  });
}

/** JSON over HTTP: status, headers and parsed body. */
export async function call(url: string, init: { method?: string; body?: unknown; headers?: Record<string, string> } = {}): Promise<{ status: number; headers: Headers; body: any }> {
  const response = await fetch(url, {
    method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
    headers: { ...(init.body === undefined ? {} : { 'content-type': 'application/json' }), ...init.headers },
    ...(init.body === undefined ? {} : { body: typeof init.body === 'string' ? init.body : JSON.stringify(init.body) }),
  });
  const text = await response.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // not JSON (the dashboard)
  }
  return { status: response.status, headers: response.headers, body };
}

/** Polls `check` until it returns a value (not undefined), or fails after `timeoutMs`. */
export async function until<T>(check: () => Promise<T | undefined> | T | undefined, timeoutMs = 20_000, what = 'condition'): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > end) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** A TCP port free on 127.0.0.1 right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** A job body for a forged family. */
export function body(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return { modelId: 'forged/bert', task: 'feature-extraction', repeats: 1, ...overrides };
}
