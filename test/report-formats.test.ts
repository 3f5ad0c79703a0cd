// matrix report: each format's content, read from a store with known rows.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runReport, type ReportOptions } from '../matrix/report/run-report.js';
import { KNOWN_RUNS } from './fixtures/report/known-store.js';
import { writeStore } from './fixtures/report/write-store.js';

let dir: string;
let dbPath: string;
const report = (extra: Partial<ReportOptions>): Promise<string> =>
  runReport({ dbPath, filters: {}, format: 'terminal', colorLevel: 0, widthColumns: 200, ...extra });

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'report-formats-'));
  dbPath = join(dir, 'matrix.duckdb');
  await writeStore(dbPath, KNOWN_RUNS);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('terminal', () => {
  it('shows the latest run as a grid with symbols, p50, legend, counts and unavailable devices, without colour', async () => {
    const text = await report({});
    expect(text).toContain('run 20250102T020000Z-bbbbbb');
    expect(text).not.toContain('\u001b[');
    const lines = text.split('\n');
    expect(lines[2]).toMatch(/node\/cpu\s+node\/cuda\s+node\/dml/);
    const roberta = lines.find((l) => l.startsWith('roberta'))!;
    expect(roberta).toMatch(/roberta\s+feature-extraction\s+✗\s+◇\s+·/);
    const bert = lines.find((l) => l.startsWith('bert'))!;
    expect(bert).toMatch(/bert\s+feature-extraction\s+✓ \d+\.\d+\s+✓ \d\.\d+\s+✓ \d\.\d+/);
    const gpt2 = lines.find((l) => l.startsWith('gpt2'))!;
    expect(gpt2).toContain('≠');
    expect(gpt2).toContain('⊘');
    expect(text).toContain('8 cells: 4 pass · 1 mismatch · 1 fail · 1 mock only · 1 unsupported · 0 skipped');
    expect(text).toContain('unavailable: node/dml — DirectML is Windows only');
  });

  it('leaves out latencies when the grid does not fit the width, and says so', async () => {
    const text = await report({ widthColumns: 40 });
    expect(text).not.toMatch(/✓ \d/);
    expect(text).toContain('p50 latency left out to fit 40 columns');
  });

  it('colours symbols when given a colour level', async () => {
    const text = await report({ colorLevel: 1 });
    expect(text).toContain('\u001b[32m✓\u001b[39m');
    expect(text).toContain('\u001b[31m✗\u001b[39m');
  });

  it('filters by family, device and dtype, and reports an earlier run with --run', async () => {
    const text = await report({ filters: { family: ['bert'], device: ['node/cuda'] } });
    expect(text).toContain('1 cells:');
    expect(text).not.toContain('roberta');
    const first = await report({ runId: '20250101T020000Z-aaaaaa', filters: { family: ['roberta'], dtype: ['fp32'] } });
    expect(first).toContain('run 20250101T020000Z-aaaaaa');
    expect(first).toMatch(/roberta\s+feature-extraction\s+✓/);
  });

  it('shows the speedup table with --speedup', async () => {
    const text = await report({ speedup: true });
    expect(text).toMatch(/bert\s+feature-extraction\s+fp32\s+1\s+node\/cuda\s+\d+\.\d+\s+\d\.\d+\s+2\.\d\d×/);
    expect(text).not.toContain('gpt2  text-generation  fp16'); // cuda fp16 is a mismatch, cpu is fp16: listed with (mismatch)
  });
});

describe('markdown', () => {
  it('has a grid table, legend, counts, speedup table, failures with escaped text, and unavailable devices', async () => {
    const md = await report({ format: 'md' });
    expect(md).toMatch(/^## model-matrix · run 20250102T020000Z-bbbbbb/);
    expect(md).toContain('| family | task | node/cpu fp32 | node/cpu fp16 | node/cpu q8 | node/cuda fp32 | node/cuda fp16 | node/cuda q4 | node/dml |');
    expect(md).toMatch(/\| roberta \| feature-extraction \| ❌ \| {2}\| {2}\| 🔷 \| {2}\| {2}\| · \|/);
    expect(md).toContain('### Speedup over node/cpu');
    expect(md).toMatch(/\| bert \| feature-extraction \| fp32 \| 1 \| node\/cuda \| [\d.]+ \| [\d.]+ \| 2\.\d\d× \|/);
    expect(md).toContain('load/unsupported-op: Could not find an implementation for GatherBlockQuantized \\| &lt;b&gt;');
    expect(md).toContain('- `node/dml`: DirectML is Windows only');
  });
});

describe('csv', () => {
  it('has one quoted-as-needed line per cell with the run id', async () => {
    const csv = await report({ format: 'csv' });
    const lines = csv.trimEnd().split('\r\n');
    expect(lines).toHaveLength(1 + 8);
    expect(lines[0]!.startsWith('runId,resultKey,family,archKind,task,modelId,platform,device,dtype,batchSize,status,inference')).toBe(true);
    const roberta = lines.find((l) => l.includes(',roberta,') && l.includes(',cpu,'))!;
    expect(roberta).toContain(',fail,real,');
    expect(roberta.startsWith('20250102T020000Z-bbbbbb,feature-extraction/forged/roberta/node_warm_cpu_fp32_b1,')).toBe(true);
    expect(roberta).toContain('Could not find an implementation for GatherBlockQuantized | <b>');
  });

  it('writes the speedup rows with --speedup', async () => {
    const csv = await report({ format: 'csv', speedup: true });
    const [header, ...rows] = csv.trimEnd().split('\r\n');
    expect(header).toBe('family,task,modelId,dtype,batchSize,platform,device,status,cpuP50Ms,deviceP50Ms,speedup');
    expect(rows.map((r) => r.split(',').slice(0, 7).join(','))).toEqual([
      'bert,feature-extraction,forged/bert,fp32,1,node,cuda', 'gpt2,text-generation,forged/gpt2,fp16,1,node,cuda',
    ]);
  });
});

describe('json', () => {
  it('holds the run, counts, devices, every cell and the speedups', async () => {
    const data = JSON.parse(await report({ format: 'json' }));
    expect(data.reportVersion).toBe(1);
    expect(data.run).toMatchObject({ runId: '20250102T020000Z-bbbbbb', startedAt: '2025-01-02T02:00:00Z', transformersVersion: '4.3.1' });
    expect(data.counts).toMatchObject({ total: 8, pass: 4, mismatch: 1, fail: 1, mock: 1, unsupported: 1 });
    expect(data.cells).toHaveLength(8);
    expect(data.devices).toContainEqual({ platform: 'node', device: 'dml', available: false, reason: 'DirectML is Windows only' });
    const speedup = data.speedup.find((s: { device: string; family: string }) => s.family === 'bert');
    expect(speedup.speedup).toBeCloseTo(speedup.cpuP50Ms / speedup.deviceP50Ms, 10);
    expect(speedup.speedup).toBeGreaterThan(2);
    expect(speedup.speedup).toBeLessThan(3);
  });
});
