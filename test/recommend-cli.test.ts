// Issue 19 through the real CLI and a constructed DuckDB store: `matrix recommend` ranks the stored
// samples, never picks a mismatch or a software-adapter cell, reports device 'auto', and refuses bad
// input with exit 2; `matrix report` carries the Recommended section in md and json.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { samplesAround } from './fixtures/report/known-store.js';
import { MATRIX_BIN, runNode } from './fixtures/run-node.js';
import { writeStore, type FixtureCell } from './fixtures/report/write-store.js';

let dir: string;
let db: string;

const matrix = (...args: string[]) => runNode([MATRIX_BIN, ...args], dir);

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'recommend-cli-'));
  db = join(dir, 'm.duckdb');
  const bert = (device: string, dtype: string, centerMs: number, seed: number, extra: Partial<FixtureCell> = {}): FixtureCell =>
    ({ family: 'bert', device, dtype, samplesMs: samplesAround(centerMs, 30, seed), parityCosine: device === 'cpu' && dtype === 'fp32' ? undefined : 0.999, ...extra });
  const cells: FixtureCell[] = [
    bert('cpu', 'fp32', 10, 1),
    bert('cpu', 'q4', 10, 2),
    bert('cuda', 'fp16', 1, 3, { status: 'mismatch', parityCosine: 0.7 }),
    bert('webgpu', 'fp32', 1, 4),
    bert('auto', 'fp32', 10, 5),
    { family: 'gpt2', archKind: 'decoder-only', task: 'text-generation', device: 'cpu', dtype: 'fp32', samplesMs: [5, 6, 5] },
  ];
  await writeStore(db, [{ runId: '20260101T000000Z-aaaaaa', startedAt: '2026-01-01T00:00:00Z', cells }]);
  const instance = await DuckDBInstance.create(db);
  const connection = await instance.connect();
  await connection.run(`UPDATE results SET software_adapter = true WHERE device = 'webgpu'`);
  await connection.run(`UPDATE results SET resolved_device = 'cpu' WHERE device = 'auto'`);
  connection.closeSync();
  instance.closeSync();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('matrix recommend on a constructed store', () => {
  it('picks the smaller dtype at a tie, passes over the mismatch and the software adapter, checks auto; too few samples is no recommendation', async () => {
    const r = await matrix('recommend', '--db', db, '--format', 'json');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const { recommendations } = JSON.parse(r.stdout) as { recommendations: Array<Record<string, any>> };
    const bert = recommendations.find((x) => x.family === 'bert')!;
    expect(bert.pick).toMatchObject({ device: 'cpu', dtype: 'q4' });
    expect(bert.runnerUp).toMatchObject({ device: 'cpu', dtype: 'fp32' });
    expect(bert.passedOver.map((p: { device: string; dtype: string }) => `${p.device}/${p.dtype}`).sort()).toEqual(['cuda/fp16', 'webgpu/fp32']);
    expect(bert.auto).toMatchObject({ verdict: 'agrees', resolvedDevice: 'cpu' });
    const gpt2 = recommendations.find((x) => x.family === 'gpt2')!;
    expect(gpt2.pick).toBeNull();
    expect(gpt2.why).toMatch(/^no recommendation: too few samples/);
  });

  it('terminal output: the pick, the why with numbers, the passed-over cells', async () => {
    const r = await matrix('recommend', '--db', db, '--family', 'bert');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('bert · feature-extraction · forged/bert · node: use cpu/q4');
    expect(r.stdout).toMatch(/why: cpu\/q4: p50 [\d.]+ ms ± [\d.]+ MAD \(n=30\), tied with cpu\/fp32/);
    expect(r.stdout).toContain('passed over cuda/fp16: mismatch: outputs disagree with cpu/fp32 (cosine 0.7000)');
    expect(r.stdout).toContain('passed over webgpu/fp32: software adapter');
  });

  it('matrix report carries the Recommended section (md) and recommendations (json)', async () => {
    const md = await matrix('report', '--db', db, '--format', 'md');
    expect(md.stdout).toContain('### Recommended');
    expect(md.stdout).toMatch(/\| bert \| feature-extraction \| node \| \*\*cpu\/q4\*\* \| cpu\/fp32 \|/);
    const json = JSON.parse((await matrix('report', '--db', db, '--format', 'json')).stdout) as { recommendations: unknown[] };
    expect(json.recommendations).toHaveLength(2);
  });

  it('bad input is exit 2 with a coded message', async () => {
    const cases: Array<[string[], RegExp]> = [
      [['--metric', 'speed'], /invalid|Allowed choices/i],
      [['--alpha', '2'], /RECOMMEND_BAD_OPTION: --alpha "2"/],
      [['--model', 'nobody/none'], /RECOMMEND_NO_CELLS: No cells for model nobody\/none/],
      [['--min-samples', '0'], /REPORT_BAD_OPTION/],
      [['--out', db], /REPORT_BAD_OUTPUT/],
    ];
    for (const [args, message] of cases) {
      const r = await matrix('recommend', '--db', db, ...args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).toMatch(message);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    }
  });
});
