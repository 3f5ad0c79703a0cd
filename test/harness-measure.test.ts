import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { measure } from '../matrix/harness/measure.js';
import { PROFILES, resolveProfile, type MeasureProfile } from '../matrix/harness/profiles.js';

function profile(overrides: Partial<MeasureProfile>): MeasureProfile {
  return { name: 'quick', warmupRuns: 0, minSamples: 1, minTimeMs: 0, maxSamples: 1000, maxTimeMs: 10_000, ...overrides };
}

/** A function that awaits `delayMs` per call and counts its calls. */
function delayed(delayMs: number) {
  const counter = { calls: 0 };
  const fn = async () => {
    counter.calls += 1;
    await sleep(delayMs);
    return counter.calls;
  };
  return { fn, counter };
}

const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

describe('measure', () => {
  it('takes exactly minSamples when the minimum time is already reached', async () => {
    const { fn, counter } = delayed(1);
    const m = await measure(fn, { profile: profile({ warmupRuns: 2, minSamples: 10, minTimeMs: 1 }), items: 1 });
    expect(m.samplesMs).toHaveLength(10);
    expect(m.stats.samples).toBe(10);
    expect(counter.calls).toBe(1 + 2 + 10); // first + warm-up + samples
  });

  it('keeps sampling past minSamples until the minimum time is reached', async () => {
    const { fn, counter } = delayed(5);
    const before = performance.now();
    const m = await measure(fn, { profile: profile({ minSamples: 2, minTimeMs: 60 }), items: 1 });
    const wallMs = performance.now() - before;
    // two 5 ms samples cannot fill 60 ms, so the time rule must have added samples
    expect(m.samplesMs.length).toBeGreaterThan(2);
    expect(wallMs).toBeGreaterThanOrEqual(60);
    // it stops at the first sample that crosses the line: all but the last fit inside 60 ms
    expect(sum(m.samplesMs.slice(0, -1))).toBeLessThan(60);
    expect(counter.calls).toBe(1 + m.samplesMs.length);
  });

  it('stops at maxSamples even when the minimum time is far away', async () => {
    const { fn } = delayed(1);
    const m = await measure(fn, { profile: profile({ minSamples: 2, minTimeMs: 5_000, maxSamples: 4, maxTimeMs: 10_000 }), items: 1 });
    expect(m.samplesMs).toHaveLength(4);
  });

  it('stops at maxTimeMs even when minSamples is not reached', async () => {
    const { fn } = delayed(5);
    const m = await measure(fn, { profile: profile({ minSamples: 500, maxSamples: 500, minTimeMs: 0, maxTimeMs: 30 }), items: 1 });
    expect(m.samplesMs.length).toBeGreaterThanOrEqual(1);
    expect(m.samplesMs.length).toBeLessThan(500);
    expect(sum(m.samplesMs.slice(0, -1))).toBeLessThan(30);
  });

  it('times the first call apart from the samples and returns the last result', async () => {
    let calls = 0;
    const fn = async () => {
      calls += 1;
      await sleep(calls === 1 ? 60 : 1);
      return calls;
    };
    const m = await measure(fn, { profile: profile({ warmupRuns: 1, minSamples: 3 }), items: 1 });
    expect(m.firstMs).toBeGreaterThanOrEqual(55);
    expect(Math.max(...m.samplesMs)).toBeLessThan(55);
    expect(m.result).toBe(calls);
    expect(m.result).toBe(1 + 1 + 3);
  });

  it('reports throughput as items per mean second', async () => {
    const { fn } = delayed(2);
    const m = await measure(fn, { profile: profile({ minSamples: 3 }), items: 8 });
    expect(m.throughput).toBeCloseTo(8 / (m.stats.meanMs / 1000), 9);
  });

  it('lets errors from the measured function propagate', async () => {
    let calls = 0;
    const fn = async () => {
      calls += 1;
      if (calls === 3) throw new Error('boom on call 3');
    };
    await expect(measure(fn, { profile: profile({ minSamples: 5 }), items: 1 })).rejects.toThrow('boom on call 3');
  });

  it('rejects bad options with a coded error before calling fn', async () => {
    const { fn, counter } = delayed(1);
    await expect(measure(fn, { profile: profile({}), items: 0 })).rejects.toMatchObject({ code: 'HARNESS_INVALID_INPUT' });
    await expect(measure(fn, { profile: profile({ minSamples: 10, maxSamples: 5 }), items: 1 })).rejects.toThrow(/maxSamples/);
    await expect(measure(fn, { profile: profile({ minTimeMs: 100, maxTimeMs: 50 }), items: 1 })).rejects.toThrow(/maxTimeMs/);
    await expect(measure(fn, { profile: profile({ warmupRuns: -1 }), items: 1 })).rejects.toThrow(/warmupRuns/);
    await expect(measure(fn, { profile: profile({ maxSamples: 0, minSamples: 0 }), items: 1 })).rejects.toThrow(/at least 1/);
    expect(counter.calls).toBe(0);
  });

  it('runs the quick profile on a near-instant function within its bounds', async () => {
    let calls = 0;
    const m = await measure(async () => ++calls, { profile: PROFILES.quick, items: 1 });
    expect(m.samplesMs.length).toBeGreaterThanOrEqual(PROFILES.quick.minSamples);
    expect(m.samplesMs.length).toBeLessThanOrEqual(PROFILES.quick.maxSamples);
  });
});

describe('resolveProfile', () => {
  it('defaults to quick and reads MATRIX_PROFILE', () => {
    expect(resolveProfile({}).name).toBe('quick');
    expect(resolveProfile({ MATRIX_PROFILE: '' }).name).toBe('quick');
    expect(resolveProfile({ MATRIX_PROFILE: 'full' })).toEqual(PROFILES.full);
    expect(resolveProfile({ MATRIX_PROFILE: ' Full ' }).name).toBe('full');
  });

  it('rejects an unknown profile, listing the valid ones', () => {
    expect(() => resolveProfile({ MATRIX_PROFILE: 'fast' })).toThrow(
      expect.objectContaining({ code: 'HARNESS_UNKNOWN_PROFILE', message: expect.stringMatching(/"fast".*quick, full/) }),
    );
  });

  it('returns a copy the caller may change without touching PROFILES', () => {
    const p = resolveProfile({});
    p.minSamples = 999;
    expect(PROFILES.quick.minSamples).toBe(5);
  });

  it('keeps quick cheaper than full and each profile self-consistent', () => {
    for (const p of Object.values(PROFILES)) {
      expect(p.maxSamples).toBeGreaterThanOrEqual(p.minSamples);
      expect(p.maxTimeMs).toBeGreaterThanOrEqual(p.minTimeMs);
    }
    expect(PROFILES.quick.maxTimeMs).toBeLessThan(PROFILES.full.minTimeMs);
  });
});
