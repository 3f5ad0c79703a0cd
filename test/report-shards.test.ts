import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CellResult } from '../matrix/harness/types.js';
import { balanceShards } from '../matrix/report/balance-shards.js';
import { familyDurations } from '../matrix/report/family-durations.js';
import { openReadonly } from '../matrix/report/open-readonly.js';
import { withStore } from '../matrix/store/open-store.js';
import { writeRun } from '../matrix/store/write-run.js';
import { DEVICES, key, measurements, runInfo } from './fixtures/reporter/cells.js';
import { spawnChild } from './spawn-child.js';

describe('balanceShards', () => {
  it('spreads the slow files over the shards instead of giving them to one (greedy by stored duration)', () => {
    const files = ['a', 'b', 'c', 'd', 'e', 'f'];
    const ms = new Map([['a', 100], ['b', 90], ['c', 10], ['d', 10], ['e', 10], ['f', 10]]);
    const shards = balanceShards(files, 2, ms);
    expect(shards.map((s) => s.files)).toEqual([['a', 'd', 'f'], ['b', 'c', 'e']]);
    expect(shards.map((s) => s.expectedMs)).toEqual([120, 110]);
  });

  it('without durations splits by count; a file without a duration weighs the median of the known ones', () => {
    expect(balanceShards(['a', 'b', 'c', 'd', 'e'], 2, new Map()).map((s) => s.files.length)).toEqual([3, 2]);
    const shards = balanceShards(['slow', 'x', 'y', 'new'], 2, new Map([['slow', 300], ['x', 20], ['y', 40]]));
    expect(shards.find((s) => s.files.includes('slow'))!.files).toEqual(['slow']);
    expect(shards.flatMap((s) => s.files).sort()).toEqual(['new', 'slow', 'x', 'y']);
    expect(balanceShards(['a'], 3, new Map()).map((s) => s.files)).toEqual([['a'], [], []]);
    expect(() => balanceShards(['a'], 0, new Map())).toThrow(RangeError);
  });
});

let dir: string;
let db: string;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'report-shards-'));
  db = join(dir, 'prev.duckdb');
  const cell = (family: string, meanMs: number, samples: number): CellResult => ({
    key: key({ family, modelId: `forged/${family}` }), source: 'forged', inference: 'real', status: 'pass',
    measurements: measurements({ coldLoadMs: 10, warmLoadMs: 5, firstInferenceMs: 5, latency: { ...measurements().latency, meanMs, samples } }),
  });
  await withStore({ path: db }, async (s) => {
    // An older run says gpt2 was slow; the latest run that has gpt2 decides (it is fast there).
    await writeRun(s.connection, { run: runInfo({ runId: 'old', startedAt: '2025-01-01T00:00:00.000Z' }), devices: [...DEVICES], cells: [cell('gpt2', 1000, 100)], interrupted: false, finishedAt: '2025-01-01T01:00:00.000Z' });
    await writeRun(s.connection, {
      run: runInfo({ runId: 'new', startedAt: '2025-01-02T00:00:00.000Z' }), devices: [...DEVICES],
      cells: [cell('whisper', 50, 100), cell('gpt2', 1, 10), cell('bert', 2, 10)], interrupted: false, finishedAt: '2025-01-02T01:00:00.000Z',
    });
  });
  mkdirSync(join(dir, 'generated-tests'));
  for (const f of ['bert', 'gpt2', 'whisper', 't5']) writeFileSync(join(dir, 'generated-tests', `${f}.test.ts`), '');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('familyDurations', () => {
  it('sums load, first inference and timed samples per family from the latest run that has it', async () => {
    const store = await openReadonly(db);
    try {
      expect(Object.fromEntries(await familyDurations(store))).toEqual({ bert: 40, gpt2: 30, whisper: 5020 });
    } finally {
      store.close();
    }
  });
});

const MATRIX_BIN = join(import.meta.dirname, '../bin/matrix.js');
function matrix(args: string[]) {
  return spawnChild([MATRIX_BIN, ...args], { MATRIX_DB: join(dir, 'unused.duckdb') }, dir);
}

describe('matrix shards', () => {
  it('prints each shard as the family list matrix run --family takes, balanced by the stored durations', async () => {
    const one = await matrix(['shards', '--count', '2', '--from', db, '--index', '1', '--format', 'families']);
    const two = await matrix(['shards', '--count', '2', '--from', db, '--index', '2', '--format', 'families']);
    expect(one.code, one.stderr).toBe(0);
    expect(one.stdout).toBe('whisper\n');
    expect(two.stdout).toBe('bert,gpt2,t5\n');
    expect(one.stderr).toContain('4 files in 2 shards; 3 with a stored duration');
    const all = JSON.parse((await matrix(['shards', '--count', '2'])).stdout) as Array<{ files: string[] }>;
    expect(all.map((s) => s.files.length)).toEqual([2, 2]);
  });

  it('--family restricts the files to those families', async () => {
    const r = await matrix(['shards', '--count', '2', '--family', 'gpt2,bert', '--from', db]);
    expect((JSON.parse(r.stdout) as Array<{ files: string[] }>).map((s) => s.files)).toEqual([['bert'], ['gpt2']]);
  });

  it('rejects a bad count or index, or an unknown family, with exit 2', async () => {
    for (const args of [['--count', '2', '--family', 'bertt'], ['--count', '0'], ['--count', '2', '--index', '3'], ['--count', '2', '--format', 'families'], ['--count', '2', '--format', 'yaml']]) {
      const r = await matrix(['shards', ...args]);
      expect(r.code, args.join(' ')).toBe(2);
    }
  });
});
