// matrix compare: reference resolution, status changes, and latency regressions judged by significance + threshold.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { latencyChange } from '../matrix/report/compare-runs.js';
import { openReadonly, type ReadonlyStore } from '../matrix/report/open-readonly.js';
import { resolveRef } from '../matrix/report/resolve-ref.js';
import { runCompare } from '../matrix/report/run-compare.js';
import { KNOWN_RUNS, samplesAround } from './fixtures/report/known-store.js';
import { writeStore } from './fixtures/report/write-store.js';
import type { CellRow } from '../matrix/report/cell-row.js';

let dir: string;
let dbPath: string;
const [RUN1, RUN2] = KNOWN_RUNS.map((r) => r.runId) as [string, string];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'report-compare-'));
  dbPath = join(dir, 'matrix.duckdb');
  await writeStore(dbPath, [
    ...KNOWN_RUNS,
    // a third run sharing a sha prefix "ffff" with run 2 but not the full sha, on another version
    { runId: '20250103T020000Z-cccccc', startedAt: '2025-01-03T02:00:00Z', gitSha: 'ffff0000aaaa7777bbbb8888cccc9999dddd0000', transformersVersion: '4.3.1', cells: [] },
    // a run whose id reads as a transformers.js version that another run has
    { runId: '4.3.0', startedAt: '2024-12-01T02:00:00Z', gitSha: null, transformersVersion: '4.2.0', cells: [] },
  ]);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const compare = (base: string, head: string, extra: Partial<Parameters<typeof runCompare>[0]> = {}) =>
  runCompare({ dbPath, base, head, filters: {}, format: 'json', alpha: '0.05', thresholdPercent: '5', colorLevel: 0, ...extra });

describe('resolveRef', () => {
  let store: ReadonlyStore;
  beforeAll(async () => { store = await openReadonly(dbPath); });
  afterAll(() => store.close());

  it('reads run ids, unique sha prefixes and versions (latest run with them)', async () => {
    expect((await resolveRef(store, RUN1)).run.runId).toBe(RUN1);
    expect((await resolveRef(store, 'aaaa1111')).run.runId).toBe(RUN1);
    expect((await resolveRef(store, 'ffff6666')).via).toBe('git sha ffff6666aaaa');
    expect((await resolveRef(store, '4.3.1')).run.runId).toBe('20250103T020000Z-cccccc');
  });

  it('refuses a sha prefix shared by two shas, and a reference that reads two ways', async () => {
    await expect(resolveRef(store, 'ffff')).rejects.toMatchObject({ code: 'REPORT_AMBIGUOUS_REF', message: expect.stringContaining('prefix of 2 git shas') });
    await expect(resolveRef(store, '4.3.0')).rejects.toMatchObject({ code: 'REPORT_AMBIGUOUS_REF', message: expect.stringMatching(/run id 4\.3\.0 → run 4\.3\.0; transformers\.js 4\.3\.0 → run 20250101/) });
    expect((await resolveRef(store, 'version:4.3.0')).run.runId).toBe(RUN1);
    expect((await resolveRef(store, 'run:4.3.0')).run.runId).toBe('4.3.0');
  });

  it('names close candidates for an unknown reference', async () => {
    await expect(resolveRef(store, '4.3.2')).rejects.toMatchObject({ code: 'REPORT_UNKNOWN_REF', message: expect.stringContaining('Did you mean') });
  });
});

describe('compare', () => {
  it('lists status changes and flags the true 2x slowdown only', async () => {
    const { text, regressions } = await compare(RUN1, RUN2);
    const result = JSON.parse(text);
    const changes = result.statusChanges.map((s: { cell: CellRow; base: string; head: string; direction: string }) => `${s.cell.family} ${s.cell.device} ${s.cell.dtype}: ${s.base}→${s.head} ${s.direction}`);
    expect(changes.sort()).toEqual(['gpt2 cuda fp16: pass→mismatch worse', 'roberta cpu fp32: pass→fail worse']);
    const flagged = result.latency.filter((l: { verdict: string }) => l.verdict === 'regression');
    expect(flagged).toHaveLength(1);
    expect(flagged[0].cell).toMatchObject({ family: 'bert', device: 'cuda', dtype: 'fp32' });
    expect(flagged[0].ratio).toBeGreaterThan(1.7);
    expect(flagged[0].pValue).toBeLessThan(1e-6);
    // bert cpu fp32 and bert cpu q8 come from the same distribution in both runs: noise, not regressions
    const bertCpu = result.latency.filter((l: { cell: CellRow }) => l.cell.family === 'bert' && l.cell.device === 'cpu');
    expect(bertCpu).toHaveLength(2);
    for (const l of bertCpu) expect(['not-significant', 'within-threshold']).toContain(l.verdict);
    expect(regressions).toBe(3);
  });

  it('treats the reverse direction as an improvement and cells absent from one side as new/gone', async () => {
    const result = JSON.parse((await compare(RUN2, RUN1)).text);
    expect(result.latency.filter((l: { verdict: string }) => l.verdict === 'improvement')).toHaveLength(1);
    const gone = JSON.parse((await compare(RUN2, '20250103T020000Z-cccccc')).text);
    expect(gone.statusChanges).toHaveLength(8);
    expect(gone.statusChanges.every((s: { head: string; direction: string }) => s.head === 'absent' && s.direction === 'worse')).toBe(true);
  });

  it('a change below the threshold is not a regression even when significant', async () => {
    const cell = { family: 'x', task: 't', modelId: 'm', platform: 'node', device: 'cpu', dtype: 'fp32', batchSize: 1, status: 'pass', inference: 'real', latencyP50Ms: 10 } as CellRow;
    const base = { ...cell, samplesMs: samplesAround(10, 200, 1) };
    const head = { ...cell, samplesMs: samplesAround(10.3, 200, 2) };
    const small = latencyChange(base, head, { alpha: 0.05, threshold: 0.05 })!;
    expect(small.pValue!).toBeLessThan(0.05);
    expect(small.verdict).toBe('within-threshold');
    expect(latencyChange(base, head, { alpha: 0.05, threshold: 0.01 })!.verdict).toBe('regression');
    expect(latencyChange({ ...base, samplesMs: [10, 11] }, head, { alpha: 0.05, threshold: 0.05 })!.verdict).toBe('too-few-samples');
  });

  it('renders terminal and Markdown with the significance and the rule used', async () => {
    const { text } = await compare(RUN1, RUN2, { format: 'terminal' });
    expect(text).toContain('Latency regressions (1)');
    expect(text).toMatch(/bert · feature-extraction · node\/cuda fp32 b1: [\d.]+ → [\d.]+ ms \(\+\d+\.\d %, p < 0\.0001, n 30\/30\)/);
    expect(text).toContain('two-sided Mann–Whitney U');
    const md = (await compare(RUN1, RUN2, { format: 'md' })).text;
    expect(md).toContain('| ❌ worse | roberta · feature-extraction · node/cpu fp32 b1 | pass | fail |');
    expect(md).toContain('🐢 regression');
  });

  it('rejects a bad alpha or threshold', async () => {
    await expect(compare(RUN1, RUN2, { alpha: '5' })).rejects.toMatchObject({ code: 'REPORT_BAD_OPTION' });
    await expect(compare(RUN1, RUN2, { thresholdPercent: '-1' })).rejects.toMatchObject({ code: 'REPORT_BAD_OPTION' });
  });
});
