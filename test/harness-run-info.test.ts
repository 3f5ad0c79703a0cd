import { describe, expect, it } from 'vitest';
import { runInfo } from '../matrix/harness/run-info.js';

describe('runInfo', () => {
  const now = new Date('2026-01-02T03:04:05.678Z');

  it('names the run by time, records versions, host and profile', () => {
    const run = runInfo({ env: {}, profile: 'quick', now });
    expect(run.runId).toMatch(/^20260102T030405Z-[0-9a-f]{6}$/);
    expect(run.startedAt).toBe('2026-01-02T03:04:05.678Z');
    expect(run.transformersVersion).toBe('4.3.1');
    expect(run.ortVersion).toMatch(/^\d+\.\d+\.\d+/);
    expect(run).toMatchObject({ profile: 'quick', ci: false, shard: null });
    expect(run.gitSha === null || /^[0-9a-f]{40}$/.test(run.gitSha)).toBe(true);
  });

  it('takes the shard from vitest --shard, else MATRIX_SHARD, and CI from the environment', () => {
    expect(runInfo({ env: { CI: 'true' }, shard: { index: 2, count: 4 }, profile: 'full', now })).toMatchObject({ shard: '2/4', ci: true });
    expect(runInfo({ env: { MATRIX_SHARD: '1/3', CI: 'false' }, profile: 'quick', now })).toMatchObject({ shard: '1/3', ci: false });
  });

  it('keeps a given MATRIX_RUN_ID so shards of one CI run share it', () => {
    expect(runInfo({ env: { MATRIX_RUN_ID: 'nightly-42' }, profile: 'quick', now }).runId).toBe('nightly-42');
  });

  it('has no git sha outside a repository, without throwing', () => {
    expect(runInfo({ env: {}, profile: 'quick', now, cwd: '/' }).gitSha).toBeNull();
  });
});
