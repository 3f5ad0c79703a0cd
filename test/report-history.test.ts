// matrix history: robust anomaly marking, and per-cell history summaries computed in SQL.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { detectAnomalies } from '../matrix/report/detect-anomalies.js';
import { runHistory, type HistoryCommandOptions } from '../matrix/report/run-history.js';
import { syntheticStore } from '../matrix/report/synthetic/synthetic-store.js';
import { KNOWN_RUNS } from './fixtures/report/known-store.js';
import { writeStore } from './fixtures/report/write-store.js';

describe('detectAnomalies', () => {
  const flat = [10, 10.1, 9.9, 10.05, 9.95, 10, 10.1, 9.9];

  it('marks a spike, not the noise around it', () => {
    expect(detectAnomalies([...flat, 15, 10, 10.1])).toEqual([8]);
  });

  it('marks a level shift once, where it starts', () => {
    expect(detectAnomalies([...flat, 14, 14.1, 13.9, 14, 14.05, 14, 13.95, 14.1])).toEqual([8]);
  });

  it('does not judge before enough history, and skips gaps', () => {
    expect(detectAnomalies([10, 30, 10, 10])).toEqual([]);
    expect(detectAnomalies([...flat, null, 10, null, 25])).toEqual([11]);
  });

  it('does not flag 1 % noise on a perfectly flat history (spread floor)', () => {
    expect(detectAnomalies([10, 10, 10, 10, 10, 10, 10.1, 9.9])).toEqual([]);
  });
});

describe('matrix history', () => {
  let dir: string;
  const options = (extra: Partial<HistoryCommandOptions>): HistoryCommandOptions => ({
    dbPath: join(dir, 'known.duckdb'), filters: {}, format: 'json', lastRuns: 30, window: 10, k: 3, anomaliesOnly: false, listRuns: false, colorLevel: 0, ...extra,
  });
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'report-history-'));
    await writeStore(join(dir, 'known.duckdb'), KNOWN_RUNS);
    await syntheticStore(join(dir, 'synthetic.duckdb'), { runs: 40, families: 11, samplesPerCell: 4 });
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('gives each cell of the run its p50 and pass share per run', async () => {
    const data = JSON.parse(await runHistory(options({ filters: { family: ['roberta'], device: ['cpu'] } })));
    expect(data.buckets.map((b: { runId: string }) => b.runId)).toEqual(KNOWN_RUNS.map((r) => r.runId));
    expect(data.cells).toHaveLength(1);
    expect(data.cells[0].passShare).toEqual([1, 0]);
    expect(data.cells[0].p50Ms[0]).toBeGreaterThan(10);
    expect(data.cells[0].p50Ms[1]).toBeNull();
  });

  it('finds the synthetic 40 % slowdown (one family in ten, last tenth of the runs) and marks it once', async () => {
    const data = JSON.parse(await runHistory(options({ dbPath: join(dir, 'synthetic.duckdb'), anomaliesOnly: true, lastRuns: 40 })));
    const families = new Set(data.cells.map((c: { family: string }) => c.family));
    expect(families).toEqual(new Set(['deberta-v2']));
    for (const cell of data.cells) expect(cell.anomalies).toEqual([36]); // runs ≥ 40·9/10 are slower
  });

  it('shows the last N runs as a sparkline per cell, in the terminal and in Markdown', async () => {
    const text = await runHistory(options({ dbPath: join(dir, 'synthetic.duckdb'), format: 'terminal', lastRuns: 10, filters: { family: ['bert'], device: ['node/cpu'], dtype: ['fp32'] } }));
    expect(text).toContain('10 runs');
    expect(text).toMatch(/bert · feature-extraction · node\/cpu fp32 b1 {2}[▁▂▃▄▅▆▇█ ]{10} {2}p50/);
    const md = await runHistory(options({ format: 'md' }));
    expect(md).toContain('| cell | p50 trend | first ms | last ms | anomalies |');
  });

  it('lists the runs with --runs', async () => {
    const text = await runHistory(options({ format: 'terminal', listRuns: true }));
    expect(text.split('\n')[1]).toMatch(/^20250102T020000Z-bbbbbb\s+2025-01-02T02:00:00Z\s+4\.3\.1\s+ffff6666aaaa\s+test-host\s+8/);
  });
});
