/**
 * Errors of the browser room (the web platform). They carry a stable code, say what failed and name the
 * next step. Inside a cell they become `fail` / `unsupported` results through the harness.
 */
import { MatrixError } from '../errors.js';

/** A browser-room error with a stable `code` (e.g. `BROWSER_NOT_SERVED`). */
export class BrowserError extends MatrixError {}

/** A web cell's model folder is outside every folder the model server serves to the page. */
export class NotServedError extends BrowserError {
  constructor(location: string, roots: readonly string[]) {
    super(
      'BROWSER_NOT_SERVED',
      `The page cannot load ${location}: the model server serves only ${roots.length ? roots.join(', ') : 'no folders'}.`,
      'Web cells run forged models and MATRIX_MODELS folders; put the model there (hub and cache sources are node-only).',
    );
  }
}

/** The page or browser went away, or the page refused a call. */
export class PageCallError extends BrowserError {
  constructor(what: string, cause: unknown) {
    super('BROWSER_PAGE_CALL', `${what} failed in the page: ${firstLine(cause)}`, '', { cause, exitCode: 1 });
  }
}

function firstLine(cause: unknown): string {
  const text = cause instanceof Error ? cause.message : String(cause);
  // Playwright prefixes "page.evaluate: Error: "; keep the page's own message.
  return (text.split('\n')[0] ?? '').replace(/^page\.evaluate: (Error: )?/, '');
}
