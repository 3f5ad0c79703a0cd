/**
 * The server's Hono app: body size limit, CORS for reads only, the bearer token on state-changing
 * endpoints when one is set, the leaderboard's routes and ours. Errors become a 500 with no detail
 * beyond the message (never an environment value).
 */
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { cors } from 'hono/cors';
import { addBenchmarkRoutes } from './benchmark-routes.js';
import { addMatrixRoutes, type MatrixRouteDeps } from './matrix-routes.js';
import { requireToken } from './require-token.js';

/** Largest request body (a suite of 500 jobs fits). */
export const MAX_BODY_BYTES = 256 * 1024;

export interface AppDeps extends MatrixRouteDeps {
  /** MATRIX_SERVER_TOKEN; null = no token (loopback only). */
  token: string | null;
}

export function createApp(deps: AppDeps): Hono {
  const app = new Hono();
  // Time spent in the handler, for load tests to tell handler cost from time waiting for a CPU.
  app.use('*', async (c, next) => {
    const startedMs = performance.now();
    await next();
    if (!c.res.headers.get('content-type')?.startsWith('text/event-stream')) c.header('Server-Timing', `app;dur=${(performance.now() - startedMs).toFixed(2)}`);
  });
  app.use('*', cors({ origin: '*', allowMethods: ['GET', 'HEAD'] }));
  app.use('*', bodyLimit({ maxSize: MAX_BODY_BYTES, onError: (c) => c.json({ error: `Body larger than ${MAX_BODY_BYTES} bytes` }, 413) }));
  if (deps.token) app.use('*', requireToken(deps.token));
  addBenchmarkRoutes(app, deps);
  addMatrixRoutes(app, deps);
  app.notFound((c) => c.json({ error: `No endpoint ${c.req.method} ${new URL(c.req.url).pathname}` }, 404));
  app.onError((error, c) => {
    deps.finish.log(`✗ ${c.req.method} ${new URL(c.req.url).pathname}: ${error.message}`);
    return c.json({ error: 'Internal error', message: error.message }, 500);
  });
  return app;
}
