import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { planRun } from '../matrix/cli/commands/run.js';
import { withStore } from '../matrix/store/open-store.js';
import { childEnv } from './child-env.js';

let dir: string;
let generated: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'run-cmd-'));
  generated = join(dir, 'generated-tests');
  mkdirSync(generated);
  for (const f of ['bert', 'gpt2', 't5']) writeFileSync(join(generated, `${f}.test.ts`), '');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('matrix run: input', () => {
  it('turns --family into one file filter per family and keeps --shard, --profile and --db', () => {
    expect(planRun({ family: 'bert, gpt2', profile: 'FULL', shard: '2/3', db: 'x.duckdb' }, generated)).toEqual({
      filters: ['generated-tests/bert.test.ts', 'generated-tests/gpt2.test.ts'],
      profile: 'full',
      shard: '2/3',
      dbPath: join(process.cwd(), 'x.duckdb'),
    });
    expect(planRun({}, generated)).toMatchObject({ filters: [], profile: 'quick', shard: undefined, dbPath: undefined });
  });

  it('an unknown family is a coded error with the closest match and the list of families', () => {
    expect(() => planRun({ family: 'bertt' }, generated)).toThrow(expect.objectContaining({ code: 'RUN_UNKNOWN_FAMILY', exitCode: 2 }));
    expect(() => planRun({ family: 'bertt' }, generated)).toThrow(/Did you mean "bert"\?[\s\S]*Generated families: bert, gpt2, t5/);
  });

  it('rejects a bad profile, a bad shard, and a folder without generated tests', () => {
    expect(() => planRun({ profile: 'fast' }, generated)).toThrow(expect.objectContaining({ code: 'RUN_UNKNOWN_PROFILE' }));
    for (const shard of ['3/2', '0/2', 'half']) expect(() => planRun({ shard }, generated)).toThrow(expect.objectContaining({ code: 'RUN_BAD_SHARD' }));
    expect(() => planRun({}, join(dir, 'none'))).toThrow(expect.objectContaining({ code: 'RUN_NO_GENERATED_TESTS' }));
  });
});

function runMatrixChild(env: Record<string, string>, shard?: string): Promise<{ code: number | null; output: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'fixtures/reporter/run-matrix-child.ts'), ...(shard ? [shard] : [])], {
    env: childEnv({ dbPath: join(dir, 'default.duckdb'), env }),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr.on('data', (d: Buffer) => (output += d.toString()));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, output })));
}

describe('matrix run: running', () => {
  it('exits 0 when cells fail (they are results) and stores them in the --db file', async () => {
    const db = join(dir, 'run.duckdb');
    const run = await runMatrixChild({ FIXTURE_DB: db, FIXTURE_RUN_ID: 'cmd-run' });
    expect(run.output).toContain('EXIT 0');
    expect(run.output).toContain(`Matrix written to ${db} (9 cells`);
    const runs = await withStore({ path: db, readOnly: true }, async (s) => (await s.connection.runAndReadAll('SELECT run_id, cells FROM runs')).getRowObjectsJS());
    expect(runs).toEqual([{ run_id: 'cmd-run', cells: 9 }]);
  });

  it('exits 1 when the runner fails (a test file that cannot load), still storing the other cells', async () => {
    const db = join(dir, 'run.duckdb');
    const run = await runMatrixChild({ FIXTURE_DB: db, FIXTURE_SET: 'broken' });
    expect(run.output).toContain('this test file is broken at import');
    expect(run.output).toContain('EXIT 1');
    expect(run.output).toContain('(3 cells');
  });

  it('exits 1 when the database cannot take the cells, and says where they are', async () => {
    const db = join(dir, 'damaged.duckdb');
    writeFileSync(db, 'not a database');
    const run = await runMatrixChild({ FIXTURE_DB: db, FIXTURE_SET: 'ok', TMPDIR: dir });
    expect(run.output).toContain('EXIT 1');
    expect(run.output).toMatch(/STORE_WRITE_FAILED: Could not write run fixture-run .*damaged\.duckdb[\s\S]*Its 3 cells are safe in .*pending\/damaged\.duckdb-[0-9a-f]{12}\/fixture-run\.json/);
  });
});
