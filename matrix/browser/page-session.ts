/**
 * One long-lived page per test worker: connects to the run's browser server, opens a fresh context and a
 * page on the model server, imports the runner (page/cell-runner.js) and calls it. Round trips are timed
 * against the page's own timing of each call, so `pageClock` can leave the transport out of latencies.
 *
 * Cells of a worker run one after another, so a call that starts while another is still in flight means a
 * cell timed out and left its work running in the page; a wasm trap (RuntimeError) means ONNX Runtime's heap
 * is no longer sound. Either way the page is replaced (closing its context ends the abandoned work) and models
 * loaded in the old page refuse further calls instead of reaching into the new one.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { WebContext } from '../harness/types.js';
import { PageCallError } from './errors.js';

/** What the runner's `call` answers: the in-page time of the call and its encoded value. */
export interface PageCallResult {
  ms: number;
  value: unknown;
}

/** One page and the calls in flight on it. */
export interface PageSession {
  readonly page: Page;
  readonly context: BrowserContext;
  readonly endpoint: string;
  inFlight: number;
  broken: boolean;
}

let browser: Promise<Browser> | undefined;
let browserEndpoint = '';
let current: Promise<PageSession> | undefined;
let transportMs = 0;
/** Model calls made while `recordCalls` runs (null: not recording). */
let recording: RecordedCall[] | null = null;

/** One model call as it went to the page: enough to make it again there. */
export interface RecordedCall {
  session: PageSession;
  id: number;
  method: string;
  args: unknown[];
}

/** Runs `fn` and returns its result together with the page model calls it made. */
export async function recordCalls<T>(fn: () => Promise<T>): Promise<{ result: T; calls: RecordedCall[] }> {
  const calls: RecordedCall[] = [];
  recording = calls;
  try {
    return { result: await fn(), calls };
  } finally {
    recording = null;
  }
}

/**
 * A clock (ms) that advances like `performance.now()` minus the time spent carrying calls to and from the
 * page: a measured sample of a call made through the page counts the page's own time of that call.
 */
export function pageClock(): number {
  return performance.now() - transportMs;
}

/** The worker's current page, opened on first use and replaced when it went away, broke or has work in flight. */
export async function openSession(context: WebContext, timeoutMs = 120_000): Promise<PageSession> {
  const existing = current ? await current.catch(() => null) : null;
  if (existing && existing.endpoint === context.wsEndpoint && !existing.broken && existing.inFlight === 0 && !existing.page.isClosed()) return existing;
  if (existing) await existing.context.close().catch(() => undefined);
  current = newSession(context, timeoutMs);
  current.catch(() => {
    current = undefined;
  });
  return current;
}

async function newSession(context: WebContext, timeoutMs: number): Promise<PageSession> {
  if (!browser || browserEndpoint !== context.wsEndpoint) {
    browserEndpoint = context.wsEndpoint;
    browser = import('playwright-core').then(async ({ chromium }) => {
      const connected = await chromium.connect(context.wsEndpoint, { timeout: timeoutMs });
      connected.on('disconnected', () => {
        browser = undefined;
      });
      return connected;
    });
    browser.catch(() => {
      browser = undefined;
    });
  }
  const browserContext = await (await browser).newContext();
  const page = await browserContext.newPage();
  page.setDefaultTimeout(timeoutMs);
  await page.goto(`${context.origin}/`);
  await page.evaluate("import('/runner.js').then(() => true)");
  return { page, context: browserContext, endpoint: context.wsEndpoint, inFlight: 0, broken: false };
}

/**
 * Calls `window.matrixRunner[method](...args)` on `session` (default: the current page, opened or replaced
 * as needed); errors become PageCallError. A session that is no longer current refuses the call.
 */
export async function callRunner<T>(context: WebContext, method: string, args: unknown[], session?: PageSession): Promise<T> {
  const target = session ?? (await openSession(context));
  if (session && (session.broken || session.page.isClosed() || (await current?.catch(() => null)) !== session)) {
    throw new PageCallError(`matrixRunner.${method}`, new Error('the page this model was loaded in was replaced (an earlier call timed out or crashed it); load the model again'));
  }
  target.inFlight++;
  try {
    return (await target.page.evaluate(([m, a]) => (window as unknown as { matrixRunner: Record<string, (...x: unknown[]) => unknown> }).matrixRunner[m as string]!(...(a as unknown[])), [method, args] as const)) as T;
  } catch (error) {
    if (/RuntimeError|Aborted\(|Target (page, context or browser )?(has been )?closed/.test(String(error instanceof Error ? error.message : error))) target.broken = true;
    throw new PageCallError(`matrixRunner.${method}`, error);
  } finally {
    target.inFlight--;
  }
}

/**
 * Calls a model method in the page: `encodeArgs` builds the wire arguments, `decode` turns the wire answer
 * back into node values. Everything but the page's own time of the call (encoding, the round trip,
 * decoding) is booked as transport, which `pageClock` leaves out.
 */
export async function callModel<T>(session: PageSession, context: WebContext, id: number, method: string, encodeArgs: () => unknown[], decode: (value: unknown) => T): Promise<T> {
  const start = performance.now();
  const args = encodeArgs();
  recording?.push({ session, id, method, args });
  const result = await callRunner<PageCallResult>(context, 'call', [id, method, args], session);
  const value = decode(result.value);
  transportMs += Math.max(0, performance.now() - start - result.ms);
  return value;
}

/** Closes this worker's connection (the browser itself belongs to globalSetup). */
export async function closePage(): Promise<void> {
  const session = current ? await current.catch(() => null) : null;
  current = undefined;
  await session?.context.close().catch(() => undefined);
  const connected = browser ? await browser.catch(() => null) : null;
  browser = undefined;
  await connected?.close().catch(() => undefined);
}

/** Page memory as the runner reads it: bytes now, the page's peak so far, and which browser API said so. */
export interface PageMemory {
  bytes: number | null;
  peakBytes: number | null;
  api: string;
}

/** Samples the page's memory (untimed; between cells). */
export function pageMemory(context: WebContext): Promise<PageMemory> {
  return callRunner<PageMemory>(context, 'memory', []);
}
