/** The run identity the reporter falls back to (no globalSetup, e.g. a blob merge) names the real library versions. */
import { describe, expect, it } from 'vitest';
import { packageInfo } from '../matrix/harness/package-info.js';
import { fallbackRunInfo } from '../matrix/reporter/fallback-run-info.js';

describe('fallbackRunInfo', () => {
  it('reads the installed transformers.js and onnxruntime-node versions, whose package.json exports hide', () => {
    const run = fallbackRunInfo(new Date('2026-01-02T03:04:05Z'), { CI: '1' });
    expect(run.transformersVersion).toBe(packageInfo('@huggingface/transformers')!.version);
    expect(run.transformersVersion).toMatch(/^\d+\.\d+\.\d+/);
    expect(run.ortVersion).toMatch(/^\d+\.\d+\.\d+/);
    expect(run.startedAt).toBe('2026-01-02T03:04:05.000Z');
    expect(run.ci).toBe(true);
  });
});
