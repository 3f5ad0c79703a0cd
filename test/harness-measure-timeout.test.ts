import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { CellTimeoutError } from '../matrix/harness/errors.js';
import { withTimeout } from '../matrix/harness/with-timeout.js';

const pendingTimers = () => process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;

describe('withTimeout', () => {
  it('rejects with a coded timeout error naming the work when it takes too long', async () => {
    const never = new Promise<never>(() => {});
    const error = await withTimeout(never, 20, 'bert fp16 infer').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CellTimeoutError);
    expect(error).toMatchObject({ code: 'HARNESS_TIMEOUT', timeoutMs: 20, what: 'bert fp16 infer' });
    expect((error as Error).message).toMatch(/bert fp16 infer did not finish within 20 ms/);
  });

  it('passes through a value that arrives in time and clears its timer', async () => {
    const before = pendingTimers();
    await expect(withTimeout(Promise.resolve(42), 60_000, 'load')).resolves.toBe(42);
    expect(pendingTimers()).toBe(before);
  });

  it('passes through the work’s own rejection and clears its timer', async () => {
    const before = pendingTimers();
    await expect(withTimeout(Promise.reject(new Error('bad model')), 60_000, 'load')).rejects.toThrow('bad model');
    expect(pendingTimers()).toBe(before);
  });

  it('ignores work that rejects after the timeout (no unhandled rejection)', async () => {
    const late = sleep(40).then(() => {
      throw new Error('late failure');
    });
    await expect(withTimeout(late, 5, 'slow')).rejects.toBeInstanceOf(CellTimeoutError);
    await sleep(60); // the late rejection lands here; vitest fails the run on an unhandled one
  });

  it('rejects a nonsensical limit with a coded error', async () => {
    for (const ms of [0, -1, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 31]) {
      await expect(withTimeout(Promise.resolve(1), ms, 'x')).rejects.toMatchObject({ code: 'HARNESS_INVALID_INPUT' });
    }
  });
});
