// What the runner's store writer puts in DuckDB is what `matrix report` and `matrix compare` read:
// cells written by storeRun (the reporter's path) come back out of the JSON report and the comparison.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CellResult } from '../matrix/harness/types.js';
import { runCompare } from '../matrix/report/run-compare.js';
import { runReport } from '../matrix/report/run-report.js';
import { resultKey } from '../matrix/store/result-key.js';
import { storeRun } from '../matrix/store/store-run.js';
import { CELL_VARIANTS, DEVICES, key, measurements, runInfo } from './fixtures/reporter/cells.js';

let dir: string;
let dbPath: string;
const quiet = (): void => undefined;

/** `n` latency samples spread evenly over [lo, hi] (deterministic). */
const spread = (n: number, lo: number, hi: number): number[] => Array.from({ length: n }, (_, i) => lo + ((hi - lo) * i) / (n - 1));

function timed(cell: CellResult, samplesMs: number[]): CellResult {
  if (cell.status !== 'pass' && cell.status !== 'mismatch') return cell;
  const sorted = [...samplesMs].sort((a, b) => a - b);
  const p50 = sorted[Math.floor(sorted.length / 2)]!;
  return { ...cell, measurements: { ...cell.measurements, samplesMs, latency: { ...cell.measurements.latency, samples: samplesMs.length, p50Ms: p50 } } };
}

const BASE = 'run-base';
const HEAD = 'run-head';
const slowKey = key({ dtype: 'fp16' });

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'store-to-report-'));
  dbPath = join(dir, 'matrix.duckdb');
  const write = (runId: string, startedAt: string, cells: CellResult[]) =>
    storeRun(
      { run: runInfo({ runId, startedAt }), devices: [...DEVICES], cells, interrupted: false, finishedAt: startedAt },
      { path: dbPath, log: quiet },
    );
  const base = CELL_VARIANTS.map((c) => timed(c, spread(30, 1, 2)));
  await write(BASE, '2025-01-01T00:00:00.000Z', base);
  // The head run: bert fp16 twice as slow, bert cuda now passes, everything else the same.
  const head = base.map((c) => {
    if (resultKey(c.key) === resultKey(slowKey)) return timed(c, spread(30, 2, 4));
    if (c.key.device === 'cuda') return { key: c.key, source: 'forged', inference: 'real', status: 'pass', measurements: measurements() } satisfies CellResult;
    return c;
  });
  await write(HEAD, '2025-01-02T00:00:00.000Z', head);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('store writer → report', () => {
  it('the JSON report of the first run shows every stored cell with its status, error, latency and parity', async () => {
    const data = JSON.parse(await runReport({ dbPath, runId: BASE, filters: {}, format: 'json', colorLevel: 0, widthColumns: 200 }));
    expect(data.run.runId).toBe(BASE);
    expect(data.cells).toHaveLength(CELL_VARIANTS.length);
    const byKey = new Map<string, Record<string, unknown>>(data.cells.map((c: Record<string, unknown>) => [c.resultKey as string, c]));
    for (const cell of CELL_VARIANTS) {
      const row = byKey.get(resultKey(cell.key));
      expect(row, resultKey(cell.key)).toBeDefined();
      expect(row).toMatchObject({ family: cell.key.family, device: cell.key.device, dtype: cell.key.dtype, status: cell.status, inference: cell.inference, source: cell.source });
    }
    expect(byKey.get(resultKey(key({ device: 'cuda' })))).toMatchObject({ errorStage: 'load', errorType: 'unsupported-op' });
    expect(byKey.get(resultKey(key({ dtype: 'q4' })))).toMatchObject({ parityCosine: 0.41, parityMaxAbsDiff: 3.2 });
    expect(byKey.get(resultKey(key()))).toMatchObject({ samples: 30, latencyP50Ms: spread(30, 1, 2)[15] });
    expect(data.devices.map((d: { device: string; available: boolean }) => [d.device, d.available])).toEqual([
      ['cpu', true],
      ['cuda', false],
      ['webgpu', false],
    ]);
  });

  it('the terminal report defaults to the latest run', async () => {
    const text = await runReport({ dbPath, filters: {}, format: 'terminal', colorLevel: 0, widthColumns: 200 });
    expect(text).toContain(`run ${HEAD}`);
  });

  it('compare finds the 2x slowdown in the stored samples and the status change, and nothing else', async () => {
    const { text, regressions } = await runCompare({ dbPath, base: BASE, head: HEAD, filters: {}, format: 'json', alpha: '0.05', thresholdPercent: '5', colorLevel: 0 });
    const result = JSON.parse(text);
    expect(regressions).toBe(1);
    const flagged = result.latency.filter((l: { verdict: string }) => l.verdict === 'regression');
    expect(flagged.map((l: { cell: { resultKey: string } }) => l.cell.resultKey)).toEqual([resultKey(slowKey)]);
    expect(flagged[0].ratio).toBeCloseTo(2, 1);
    expect(result.statusChanges.map((s: { cell: { resultKey: string }; direction: string }) => [s.cell.resultKey, s.direction])).toEqual([[resultKey(key({ device: 'cuda' })), 'better']]);
  });
});
