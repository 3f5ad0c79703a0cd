/**
 * One long-lived page per test worker: connects to the run's browser server, opens a fresh context and a
 * page on the model server, imports the runner (page/cell-runner.js) and calls it. Round trips are timed
 * against the page's own timing of each call, so `pageClock` can leave the transport out of latencies.
 */
import type { Browser, Page } from 'playwright-core';
import type { WebContext } from '../harness/types.js';
import { PageCallError } from './errors.js';

/** What the runner's `call` answers: the in-page time of the call and its encoded value. */
export interface PageCallResult {
  ms: number;
  value: unknown;
}

let session: Promise<{ browser: Browser; page: Page }> | undefined;
let sessionEndpoint = '';
let transportMs = 0;
/** Model calls made while `recordCalls` runs (null: not recording). */
let recording: RecordedCall[] | null = null;

/** One model call as it went to the page: enough to make it again there. */
export interface RecordedCall {
  context: WebContext;
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

/** The worker's page (opened on first use, reopened after the browser went away). */
export function openPage(context: WebContext, timeoutMs = 120_000): Promise<Page> {
  if (!session || sessionEndpoint !== context.wsEndpoint) {
    sessionEndpoint = context.wsEndpoint;
    session = connect(context, timeoutMs);
    session.catch(() => {
      session = undefined;
    });
  }
  return session.then((s) => s.page);
}

async function connect(context: WebContext, timeoutMs: number): Promise<{ browser: Browser; page: Page }> {
  const { chromium } = await import('playwright-core');
  const browser = await chromium.connect(context.wsEndpoint, { timeout: timeoutMs });
  browser.on('disconnected', () => {
    session = undefined;
  });
  const page = await (await browser.newContext()).newPage();
  page.setDefaultTimeout(timeoutMs);
  await page.goto(`${context.origin}/`);
  await page.evaluate("import('/runner.js').then(() => true)");
  return { browser, page };
}

/** Calls `window.matrixRunner[method](...args)` in the page; errors become PageCallError. */
export async function callRunner<T>(context: WebContext, method: string, args: unknown[]): Promise<T> {
  const page = await openPage(context);
  try {
    return (await page.evaluate(([m, a]) => (window as unknown as { matrixRunner: Record<string, (...x: unknown[]) => unknown> }).matrixRunner[m as string]!(...(a as unknown[])), [method, args] as const)) as T;
  } catch (error) {
    throw new PageCallError(`matrixRunner.${method}`, error);
  }
}

/**
 * Calls a model method in the page: `encodeArgs` builds the wire arguments, `decode` turns the wire answer
 * back into node values. Everything but the page's own time of the call (encoding, the round trip,
 * decoding) is booked as transport, which `pageClock` leaves out.
 */
export async function callModel<T>(context: WebContext, id: number, method: string, encodeArgs: () => unknown[], decode: (value: unknown) => T): Promise<T> {
  const start = performance.now();
  const args = encodeArgs();
  recording?.push({ context, id, method, args });
  const result = await callRunner<PageCallResult>(context, 'call', [id, method, args]);
  const value = decode(result.value);
  transportMs += Math.max(0, performance.now() - start - result.ms);
  return value;
}

/** Closes this worker's connection (the browser itself belongs to globalSetup). */
export async function closePage(): Promise<void> {
  const current = session;
  session = undefined;
  if (current) await (await current.catch(() => null))?.browser.close().catch(() => undefined);
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
