import { createHash, timingSafeEqual } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';

/**
 * Hono middleware: requests that change state (POST, PUT, PATCH, DELETE) need `Authorization: Bearer
 * <token>`; 401 otherwise. Reads stay open. Compares digests in constant time; never echoes the token.
 */
export function requireToken(token: string): MiddlewareHandler {
  const expected = digest(token);
  return async (c, next) => {
    if (c.req.method === 'GET' || c.req.method === 'HEAD' || c.req.method === 'OPTIONS') return next();
    const header = c.req.header('authorization') ?? '';
    const given = /^Bearer (.+)$/i.exec(header)?.[1];
    if (given === undefined || !timingSafeEqual(digest(given), expected)) {
      c.header('WWW-Authenticate', 'Bearer realm="matrix"');
      return c.json({ error: 'Unauthorized', hint: 'send Authorization: Bearer <MATRIX_SERVER_TOKEN>' }, 401);
    }
    return next();
  };
}

function digest(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}
