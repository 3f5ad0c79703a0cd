/**
 * The leaderboard server's API, compatible: POST /api/benchmark → {id, position}, GET
 * /api/benchmark/:id, GET /api/benchmarks?modelId=, GET /api/queue, and the two its docs list as
 * future work, POST /api/benchmark/:id/upload and POST /api/benchmarks/sync. There is no DELETE of all
 * results; DELETE /api/benchmark/:id cancels one job.
 */
import type { Context, Hono } from 'hono';
import { QueueFullError } from './errors.js';
import { uploadJob, type FinishSettings } from './finish-job.js';
import { MODEL_ID_PATTERN, parseJobBody } from './job-body.js';
import type { Job } from './job.js';
import type { JobQueue, QueueCounts } from './job-queue.js';
import { readHistory } from './result-history.js';
import { toWireJob } from './wire-job.js';

/** What the routes need. */
export interface RouteDeps {
  queue: JobQueue;
  finish: FinishSettings;
}

/** Most finished jobs `GET /api/queue` lists (every waiting and running job is listed). */
const QUEUE_RECENT_FINISHED = 100;

export function addBenchmarkRoutes(app: Hono, deps: RouteDeps): void {
  const { queue } = deps;
  app.post('/api/benchmark', async (c) => {
    const body = await readJson(c);
    if (body instanceof Response) return body;
    const parsed = parseJobBody(body);
    if ('issues' in parsed) return c.json({ error: 'Validation error', issues: parsed.issues }, 400);
    try {
      const { job, position, deduplicated } = queue.submit(parsed.config);
      return c.json({ id: job.id, message: deduplicated ? 'Identical benchmark already queued' : 'Benchmark queued', position, deduplicated });
    } catch (error) {
      return queueFull(c, error);
    }
  });

  app.get('/api/benchmark/:id', (c) => {
    const job = queue.get(c.req.param('id'));
    if (job) return c.json({ ...toWireJob(job), position: queue.position(job.id) });
    const stored = readHistory(deps.finish.resultsDir).find((j) => j.id === c.req.param('id'));
    return stored ? c.json(stored) : c.json({ error: 'Benchmark not found', id: c.req.param('id') }, 404);
  });

  app.delete('/api/benchmark/:id', (c) => {
    const before = queue.get(c.req.param('id'));
    if (!before) return c.json({ error: 'Benchmark not found', id: c.req.param('id') }, 404);
    if (before.status !== 'queued' && before.status !== 'running') {
      return c.json({ error: `Benchmark already ${toWireJob(before).status}; only pending or running ones can be cancelled`, id: before.id }, 409);
    }
    const after = queue.cancel(before.id)!;
    return c.json({ id: after.id, message: after.status === 'cancelled' ? 'Benchmark cancelled' : 'Cancelling: the running benchmark is being stopped', status: toWireJob(after).status });
  });

  app.get('/api/benchmarks', (c) => {
    const modelId = c.req.query('modelId');
    if (modelId !== undefined && !MODEL_ID_PATTERN.test(modelId)) {
      return c.json({ error: 'Validation error', issues: [{ field: 'modelId', message: 'modelId must be org/name of letters, digits, "_", "." and "-"' }] }, 400);
    }
    const results = readHistory(deps.finish.resultsDir, modelId);
    return c.json({ total: results.length, results });
  });

  // Rendered once per change of the queue, not per request: hundreds of clients poll this.
  let rendered = { revision: -1, text: '' };
  app.get('/api/queue', (c) => {
    if (rendered.revision !== queue.revision()) {
      const revision = queue.revision();
      const jobs = queue.list();
      const active = jobs.filter((j) => j.status === 'queued' || j.status === 'running');
      const finished = jobs.filter((j) => j.status !== 'queued' && j.status !== 'running').slice(-QUEUE_RECENT_FINISHED);
      rendered = { revision, text: JSON.stringify({ status: wireCounts(queue.counts()), queue: [...finished, ...active].map(toWireJob) }) };
    }
    return c.body(rendered.text, 200, { 'content-type': 'application/json' });
  });

  app.post('/api/benchmark/:id/upload', async (c) => {
    const job = queue.get(c.req.param('id'));
    if (!job) return c.json({ error: 'Benchmark not found', id: c.req.param('id') }, 404);
    if (!deps.finish.uploader) return c.json({ error: 'Upload is disabled', hint: 'set HF_TOKEN and HF_DATASET_REPO (environment or .env) and restart' }, 409);
    if (!isFinished(job)) return c.json({ error: `Benchmark is ${toWireJob(job).status}; only finished ones are uploaded`, id: job.id }, 409);
    const upload = await uploadJob(job, deps.finish);
    queue.update({ ...job, upload });
    return c.json({ id: job.id, upload }, upload === 'uploaded' ? 200 : 502);
  });

  app.post('/api/benchmarks/sync', async (c) => {
    if (!deps.finish.uploader) return c.json({ error: 'Upload is disabled', hint: 'set HF_TOKEN and HF_DATASET_REPO (environment or .env) and restart' }, 409);
    let uploaded = 0;
    const failed: string[] = [];
    const finished = queue.list().filter((j) => isFinished(j) && j.status !== 'cancelled');
    for (const job of finished) {
      const upload = await uploadJob(job, deps.finish);
      queue.update({ ...job, upload });
      if (upload === 'uploaded') uploaded++;
      else failed.push(job.id);
    }
    return c.json({ total: finished.length, uploaded, failed });
  });
}

/** The request's JSON body, or the 400/415 response to send. */
export async function readJson(c: Context): Promise<unknown> {
  if (!(c.req.header('content-type') ?? '').toLowerCase().startsWith('application/json')) {
    return c.json({ error: 'Send the body as JSON', hint: 'Content-Type: application/json' }, 415);
  }
  try {
    return await c.req.json();
  } catch {
    return c.json({ error: 'Invalid JSON body' }, 400);
  }
}

/** A 429 with Retry-After for a full queue; rethrows anything else. */
export function queueFull(c: Context, error: unknown): Response {
  if (!(error instanceof QueueFullError)) throw error;
  c.header('Retry-After', String(error.retryAfterS));
  return c.json({ error: 'Queue full', retryAfterS: error.retryAfterS }, 429);
}

function isFinished(job: Job): boolean {
  return job.status === 'done' || job.status === 'failed' || job.status === 'cancelled';
}

/** The leaderboard's counts (total, pending, running, completed, failed) plus cancelled. */
function wireCounts(counts: QueueCounts): Record<string, number> {
  return { total: counts.total, pending: counts.queued, running: counts.running, completed: counts.done, failed: counts.failed, cancelled: counts.cancelled };
}
