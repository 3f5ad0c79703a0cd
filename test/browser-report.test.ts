// matrix report with web cells: node and web side by side, software-adapter cells marked (terminal and dashboard).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CellResult, DeviceReport, Measurements } from '../matrix/harness/types.js';
import { dashboardData } from '../matrix/report/dashboard-data.js';
import { loadReport } from '../matrix/report/load-report.js';
import { openReadonly } from '../matrix/report/open-readonly.js';
import { runReport } from '../matrix/report/run-report.js';
import { withStore } from '../matrix/store/open-store.js';
import { writeRun } from '../matrix/store/write-run.js';
import { key, runInfo } from './fixtures/reporter/cells.js';

let dir: string;
let dbPath: string;
const RUN = runInfo();

function measured(p50Ms: number): Measurements {
  const latency = { samples: 3, meanMs: p50Ms, p50Ms, p90Ms: p50Ms, p99Ms: p50Ms, minMs: p50Ms, maxMs: p50Ms, stdMs: 0, rmePercent: 0 };
  return { coldLoadMs: 5, warmLoadMs: 4, firstInferenceMs: p50Ms, latency, samplesMs: [p50Ms, p50Ms, p50Ms], throughput: 1000 / p50Ms, throughputUnit: 'items/s', peakRssBytes: 1, heapUsedBytes: 1 };
}
const parity = { reference: 'node/cpu/fp32', cosine: 1, maxAbsDiff: 0, topAgreement: 1, tolerance: { minCosine: 0.99999, maxAbsDiff: 0.01, minTopAgreement: 0.99 }, ok: true };
const CELLS: CellResult[] = [
  { key: key(), source: 'forged', inference: 'real', status: 'pass', measurements: measured(0.5) },
  { key: key({ platform: 'web', device: 'wasm', browser: 'chromium' }), source: 'forged', inference: 'real', status: 'pass', measurements: measured(2), parity, environment: { browser: 'chromium', browserVersion: '156.0' } },
  {
    key: key({ platform: 'web', device: 'webgpu', browser: 'chromium' }), source: 'forged', inference: 'real', status: 'pass', measurements: measured(40), parity,
    environment: { browser: 'chromium', browserVersion: '156.0', adapter: { architecture: 'swiftshader', fallback: true }, softwareAdapter: true },
  },
];
const DEVICES: DeviceReport[] = [
  { platform: 'node', device: 'cpu', available: true, reason: '', info: {} },
  { platform: 'web', device: 'wasm', available: true, reason: '', info: {} },
  { platform: 'web', device: 'webgpu', available: true, reason: '', info: { software: true } },
  { platform: 'web', device: 'webnn', available: false, reason: 'WebNN is not supported on this platform', info: {} },
];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'browser-report-'));
  dbPath = join(dir, 'm.duckdb');
  await withStore({ path: dbPath }, (store) => writeRun(store.connection, { run: RUN, devices: DEVICES, cells: CELLS, interrupted: false, finishedAt: '2025-01-01T00:05:00.000Z' }));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('report of node and web cells', () => {
  it('shows node and web columns side by side, marks the software-adapter position and says why', async () => {
    const text = await runReport({ dbPath, filters: {}, format: 'terminal', colorLevel: 0, widthColumns: 200 });
    const header = text.split('\n').find((l) => l.includes('node/cpu'))!;
    expect(header.indexOf('node/cpu')).toBeLessThan(header.indexOf('web/wasm'));
    expect(header.indexOf('web/wasm')).toBeLessThan(header.indexOf('web/webgpu'));
    const row = text.split('\n').find((l) => l.startsWith('bert'))!;
    expect(row).toMatch(/✓ 0\.50\s+.*✓ 2\.00\s+✓\* 40\.0/);
    expect(text).toContain('* software GPU adapter (e.g. SwiftShader): timings not representative of a GPU');
    expect(text).toContain('unavailable: web/webnn — WebNN is not supported on this platform');
  });

  it('the dashboard data flags the software cell only, and the cells carry the browser', async () => {
    const store = await openReadonly(dbPath);
    try {
      const data = await loadReport(store, undefined, {});
      expect(data.cells.filter((c) => c.platform === 'web').map((c) => [c.device, c.browser, c.softwareAdapter])).toEqual([
        ['wasm', 'chromium', false],
        ['webgpu', 'chromium', true],
      ]);
      const grid = dashboardData(data, { cells: [] } as never).grid;
      const flagged = grid.cells.filter((c) => c[4] === 1).map((c) => grid.columns[c[0]]);
      expect(flagged).toEqual(['web/webgpu fp32']);
    } finally {
      store.close();
    }
  });
});
