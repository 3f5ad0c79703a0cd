/**
 * The one retry layer around the Hub client's `fetch` seam (the client retries nothing): a refused or
 * dropped connection, 429 (waiting what `Retry-After` or `RateLimit` says), 409 on a commit or preupload
 * ("another commit operation is in progress") and 502/503/504 are retried with capped exponential backoff,
 * at most `retries` times. 412 is not retried here: a stale `parentCommit` needs a fresh head (commitWithRetry).
 * A 409 on repo creation means "exists" and is passed through.
 */

/** How retries behave; the defaults suit the real Hub, tests shrink the delays. */
export interface RetryOptions {
  /** Retries after the first try (default 4). */
  retries?: number;
  /** First backoff delay (default 500 ms), doubled each retry, plus up to 25 % jitter. */
  baseDelayMs?: number;
  /** Longest single wait, also for a server's Retry-After (default 30 s). */
  maxDelayMs?: number;
  /** Waits `ms` (default: a timer that the signal aborts). Tests record the delays here. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Told of each retry (status, or 0 for a network error) before waiting; for logs. */
  onRetry?: (info: { attempt: number; status: number; delayMs: number; url: string }) => void;
}

/** A `fetch` that retries transient Hub answers as described above. */
export function retryingFetch(base: typeof fetch = fetch, options: RetryOptions = {}): typeof fetch {
  const retries = options.retries ?? 4;
  const baseDelay = options.baseDelayMs ?? 500;
  const maxDelay = options.maxDelayMs ?? 30_000;
  const sleep = options.sleep ?? abortableSleep;
  return async (input, init) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    const signal = init?.signal ?? undefined;
    for (let attempt = 0; ; attempt++) {
      let response: Response | undefined;
      try {
        response = await base(input, init);
      } catch (error) {
        if (signal?.aborted || attempt >= retries || !isNetworkError(error)) throw error;
      }
      if (response && (!isTransient(response.status, url) || attempt >= retries)) return response;
      const delay = Math.min(maxDelay, (response && serverDelayMs(response.headers)) ?? backoff(baseDelay, attempt));
      await response?.body?.cancel().catch(() => undefined);
      options.onRetry?.({ attempt: attempt + 1, status: response?.status ?? 0, delayMs: delay, url: stripQuery(url) });
      await sleep(delay, signal);
    }
  };
}

function isTransient(status: number, url: string): boolean {
  if (status === 429 || status === 502 || status === 503 || status === 504) return true;
  return status === 409 && /\/(commit|preupload)\//.test(new URL(url).pathname);
}

function isNetworkError(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const cause = (error as { cause?: { code?: unknown; message?: unknown } }).cause;
  return /fetch failed|terminated|other side closed|ECONNREFUSED|ECONNRESET|EPIPE|socket hang up/i.test(`${error.message} ${String(cause?.code ?? '')} ${String(cause?.message ?? '')}`);
}

/** `Retry-After` (seconds or an HTTP date) or the reset of an IETF `RateLimit` header (`"api";r=0;t=55` or `reset=55`). */
export function serverDelayMs(headers: Headers, now = Date.now()): number | undefined {
  const retryAfter = headers.get('retry-after')?.trim();
  if (retryAfter) {
    if (/^\d+(\.\d+)?$/.test(retryAfter)) return Number(retryAfter) * 1000;
    const at = Date.parse(retryAfter);
    if (!Number.isNaN(at)) return Math.max(0, at - now);
  }
  const rateLimit = headers.get('ratelimit');
  const reset = rateLimit && /(?:^|[;,\s])(?:t|reset)=(\d+)/.exec(rateLimit);
  return reset ? Number(reset[1]) * 1000 : undefined;
}

function backoff(baseDelay: number, attempt: number): number {
  const delay = baseDelay * 2 ** attempt;
  return Math.round(delay + delay * 0.25 * Math.random());
}

function stripQuery(url: string): string {
  const q = url.indexOf('?');
  return q < 0 ? url : url.slice(0, q);
}

function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal!.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
