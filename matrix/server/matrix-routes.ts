/**
 * Our endpoints on top of the leaderboard's: POST /api/suite (a list of job bodies becomes jobs),
 * GET /api/matrix (the report as JSON), GET /api/events (server-sent events of job changes) and GET /
 * (the live dashboard).
 */
import type { Hono } from 'hono';
import { streamSSE } from 'hono/streaming';
import { queueFull, readJson, type RouteDeps } from './benchmark-routes.js';
import { dashboardHtml } from './dashboard-html.js';
import { parseJobBody, type BodyIssue } from './job-body.js';
import type { Job, JobConfig } from './job.js';
import { toWireJob } from './wire-job.js';

/** Most jobs one suite may bring. */
export const MAX_SUITE_JOBS = 500;

export interface MatrixRouteDeps extends RouteDeps {
  /** The matrix report of the server's store as JSON text (`matrix report --format json`); throws when there is none yet. */
  matrixJson: () => Promise<string>;
}

export function addMatrixRoutes(app: Hono, deps: MatrixRouteDeps): void {
  const { queue } = deps;

  // A suite as a JSON list of job bodies, `{ "jobs": [ {...}, ... ] }` (or the bare list): all valid, or none queued.
  app.post('/api/suite', async (c) => {
    const body = await readJson(c);
    if (body instanceof Response) return body;
    const list = Array.isArray(body) ? body : (body as { jobs?: unknown } | null)?.jobs;
    if (!Array.isArray(list) || list.length === 0 || list.length > MAX_SUITE_JOBS) {
      return c.json({ error: 'Validation error', issues: [{ field: 'jobs', message: `jobs must be a list of 1 to ${MAX_SUITE_JOBS} benchmark bodies` }] }, 400);
    }
    const configs: JobConfig[] = [];
    const issues: BodyIssue[] = [];
    list.forEach((item, i) => {
      const parsed = parseJobBody(item);
      if ('issues' in parsed) issues.push(...parsed.issues.map((issue) => ({ field: `jobs.${i}.${issue.field}`, message: issue.message })));
      else configs.push(parsed.config);
    });
    if (issues.length > 0) return c.json({ error: 'Validation error', issues }, 400);
    const jobs = [];
    try {
      for (const config of configs) {
        const { job, position, deduplicated } = queue.submit(config);
        jobs.push({ id: job.id, position, deduplicated });
      }
    } catch (error) {
      const response = queueFull(c, error);
      return jobs.length === 0 ? response : c.json({ error: 'Queue full after part of the suite', queued: jobs, notQueued: configs.length - jobs.length }, 429);
    }
    return c.json({ total: jobs.length, jobs });
  });

  app.get('/api/matrix', async (c) => {
    try {
      return c.body(await deps.matrixJson(), 200, { 'content-type': 'application/json; charset=utf-8' });
    } catch (error) {
      return c.json({ error: 'No matrix yet', detail: (error as Error).message.split('\n')[0] }, 404);
    }
  });

  app.get('/api/events', (c) =>
    streamSSE(c, async (stream) => {
      const pending: Job[] = [];
      let wake: (() => void) | undefined;
      const unsubscribe = queue.onChange((job) => {
        pending.push(job);
        wake?.();
      });
      stream.onAbort(() => {
        unsubscribe();
        wake?.();
      });
      await stream.writeSSE({ event: 'hello', data: JSON.stringify({ counts: queue.counts() }) });
      while (!stream.aborted) {
        const job = pending.shift();
        if (job) {
          await stream.writeSSE({ event: 'job', id: `${job.id}:${job.status}`, data: JSON.stringify(toWireJob(job)) });
          continue;
        }
        await new Promise<void>((resolve) => {
          wake = resolve;
          setTimeout(resolve, 15_000).unref();
        });
        wake = undefined;
        if (pending.length === 0 && !stream.aborted) await stream.writeSSE({ event: 'ping', data: '{}' });
      }
      unsubscribe();
    }),
  );

  app.get('/', (c) => c.html(dashboardHtml()));
}
