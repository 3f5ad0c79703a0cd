/**
 * Our endpoints on top of the leaderboard's: POST /api/suite (a suite becomes jobs, see ./suite-jobs.ts),
 * GET /api/matrix (the report as JSON), GET /api/events (server-sent events of job changes) and GET /
 * (the live dashboard).
 */
import { fileURLToPath } from 'node:url';
import type { Context, Hono } from 'hono';
import { streamSSE } from 'hono/streaming';
import { queueFull, readJson, type RouteDeps } from './benchmark-routes.js';
import { dashboardHtml } from './dashboard-html.js';
import { parseJobBody, type BodyIssue } from './job-body.js';
import type { Job, JobConfig } from './job.js';
import { suiteJobs, type SuiteSource } from './suite-jobs.js';
import { toWireJob } from './wire-job.js';
import { parse as parseYaml } from 'yaml';

/** Most jobs one suite may bring. */
export const MAX_SUITE_JOBS = 500;

export interface MatrixRouteDeps extends RouteDeps {
  /** The matrix report of the server's store as JSON text (`matrix report --format json`); throws when there is none yet. */
  matrixJson: () => Promise<string>;
  /** Generated family tests a suite's families and tasks are read from (default: this checkout's). */
  generatedDir?: string;
}

/** The job bodies of the `{ "jobs": [...] }` form, or their issues. */
function jobBodies(list: unknown): { configs: JobConfig[] } | { issues: BodyIssue[] } {
  if (!Array.isArray(list) || list.length === 0) return { issues: [{ field: 'jobs', message: 'jobs must be a list of benchmark bodies' }] };
  const configs: JobConfig[] = [];
  const issues: BodyIssue[] = [];
  list.forEach((item, i) => {
    const parsed = parseJobBody(item);
    if ('issues' in parsed) issues.push(...parsed.issues.map((issue) => ({ field: `jobs.${i}.${issue.field}`, message: issue.message })));
    else configs.push(parsed.config);
  });
  return issues.length > 0 ? { issues } : { configs };
}

/** The posted suite: YAML text (a YAML content type) or JSON; `{ suite: name }` names a predefined one. */
async function readSuiteBody(c: Context): Promise<SuiteSource | { jobs: unknown } | Response> {
  const type = (c.req.header('content-type') ?? '').toLowerCase();
  if (/^(application|text)\/(x-)?yaml/.test(type)) {
    try {
      return { raw: parseYaml(await c.req.text(), { uniqueKeys: true }) as unknown };
    } catch (error) {
      return c.json({ error: 'Validation error', issues: [{ field: '(body)', message: `not YAML: ${(error as Error).message.split('\n')[0]}` }] }, 400);
    }
  }
  const body = await readJson(c);
  if (body instanceof Response) return body;
  if (Array.isArray(body)) return { jobs: body };
  const object = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
  if ('jobs' in object) return { jobs: object.jobs };
  if (Object.keys(object).length === 1 && 'suite' in object) {
    return typeof object.suite === 'string' ? { name: object.suite } : { raw: object.suite };
  }
  return { raw: body };
}

export function addMatrixRoutes(app: Hono, deps: MatrixRouteDeps): void {
  const { queue } = deps;
  const generatedDir = deps.generatedDir ?? fileURLToPath(new URL('../../generated-tests/', import.meta.url));

  // A suite becomes jobs, all valid or none queued: a suite file's content (JSON, or YAML with a YAML
  // content type), `{ "suite": "smoke" }` naming a predefined suite, or a list of job bodies `{ "jobs": [...] }`.
  app.post('/api/suite', async (c) => {
    const source = await readSuiteBody(c);
    if (source instanceof Response) return source;
    const expanded = 'jobs' in source ? jobBodies(source.jobs) : suiteJobs(source, generatedDir);
    if ('issues' in expanded) return c.json({ error: 'Validation error', issues: expanded.issues }, 400);
    const { configs } = expanded;
    if (configs.length > MAX_SUITE_JOBS) {
      return c.json({ error: 'Validation error', issues: [{ field: 'models', message: `the suite makes ${configs.length} jobs; at most ${MAX_SUITE_JOBS} per request (narrow tasks, devices or dtypes)` }] }, 400);
    }
    let submissions;
    try {
      submissions = queue.submitAll(configs);
    } catch (error) {
      return queueFull(c, error);
    }
    const jobs = submissions.map(({ job, position, deduplicated }) => ({ id: job.id, position, deduplicated, task: job.config.task, device: job.config.device, dtype: job.config.dtype, ...(job.config.family ? { family: job.config.family } : {}) }));
    return c.json({ total: jobs.length, ...('name' in expanded && expanded.name ? { suite: expanded.name } : {}), jobs });
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
