/**
 * Guard: a run of the unit project (the project's own tests, `npm test`) leaves the user's matrix database
 * exactly as it was — same bytes, same runs — whether MATRIX_DB names it or it is the default
 * `.matrix/matrix.duckdb` of the working directory. The fixture run is the real vitest CLI on the real config,
 * limited to one test that itself runs vitest three times (blob shards, then a merge: the path by which
 * a nested run's cells once reached the outer run, issue 18) and one unit test whose task carries a cell.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { withStore } from '../matrix/store/open-store.js';
import { storeRun } from '../matrix/store/store-run.js';
import { childEnv } from './child-env.js';
import { CELL_VARIANTS, DEVICES, runInfo } from './fixtures/reporter/cells.js';

const ROOT = join(import.meta.dirname, '..');
const VITEST = join(createRequire(import.meta.url).resolve('vitest/package.json'), '..', 'vitest.mjs');

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'unit-hermetic-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** A user's database with one real-looking run in it. */
async function seed(path: string): Promise<void> {
  await storeRun({ run: runInfo({ runId: 'users-real-run' }), devices: [...DEVICES], cells: [...CELL_VARIANTS], interrupted: false, finishedAt: new Date().toISOString() }, { path, log: () => undefined });
}

async function state(path: string): Promise<{ sha256: string; wal: boolean; runs: unknown[] }> {
  const sha256 = createHash('sha256').update(readFileSync(path)).digest('hex');
  const wal = existsSync(`${path}.wal`);
  const runs = await withStore({ path, readOnly: true }, async (s) => (await s.connection.runAndReadAll('SELECT run_id, cells FROM runs ORDER BY run_id')).getRowObjectsJS());
  return { sha256, wal, runs };
}

/** `vitest run --project unit <one test>` from `cwd`, on the checkout's own config. */
function unitRun(cwd: string, env: NodeJS.ProcessEnv): Promise<{ code: number | null; output: string }> {
  const files = ['test/reporter-vitest-run.test.ts', 'test/unit-run-hermetic.test.ts'];
  const child = spawn(process.execPath, [VITEST, 'run', '--project', 'unit', '--root', ROOT, ...files, '-t', 'blob-merged|a unit test that records a cell'], {
    cwd,
    env: { ...env, HERMETIC_PROBE: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr.on('data', (d: Buffer) => (output += d.toString()));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, output })));
}

// Runs only inside the guard's own fixture run: a unit test whose task carries a matrix cell, as a test of the
// harness might leave one; the unit project's run must not store it.
it.runIf(process.env.HERMETIC_PROBE === '1')('probe: a unit test that records a cell', ({ task }) => {
  task.meta.matrix = CELL_VARIANTS[0];
});

describe('a run of the unit project', () => {
  it('with MATRIX_DB set: the database keeps its bytes and its runs', { timeout: 120_000 }, async () => {
    const db = join(dir, 'users.duckdb');
    await seed(db);
    const before = await state(db);
    const run = await unitRun(dir, childEnv({ dbPath: db, tmpDir: dir }));
    expect(run.code, run.output).toBe(0);
    expect(run.output).toMatch(/2 passed/);
    expect(run.output).not.toContain('Matrix written');
    expect(await state(db)).toEqual(before);
    expect(before.runs).toEqual([{ run_id: 'users-real-run', cells: CELL_VARIANTS.length }]);
  });

  it('with MATRIX_DB unset: the default .matrix/matrix.duckdb of the working directory keeps its bytes and its runs', { timeout: 120_000 }, async () => {
    mkdirSync(join(dir, '.matrix'));
    const db = join(dir, '.matrix', 'matrix.duckdb');
    await seed(db);
    const before = await state(db);
    const run = await unitRun(dir, childEnv({ dbPath: '', tmpDir: dir, env: { MATRIX_DB: undefined } }));
    expect(run.code, run.output).toBe(0);
    expect(run.output).toMatch(/2 passed/);
    expect(await state(db)).toEqual(before);
  });
});

describe('childEnv', () => {
  it('drops every MATRIX_* variable and HF_TOKEN, sets the child\'s own database, applies overrides last', () => {
    const saved = { ...process.env };
    try {
      Object.assign(process.env, { MATRIX_CELL_JOURNAL: '/tmp/matrix-journal-x', MATRIX_RUN_ID: 'outer', MATRIX_MODELS: '/models', HF_TOKEN: 'hf_secret' });
      const env = childEnv({ dbPath: '/t/own.duckdb', tmpDir: '/t', env: { MATRIX_DB_WAIT_MS: '100', PATH: undefined } });
      expect(env).toMatchObject({ MATRIX_DB: '/t/own.duckdb', TMPDIR: '/t', MATRIX_DB_WAIT_MS: '100' });
      for (const name of ['MATRIX_CELL_JOURNAL', 'MATRIX_RUN_ID', 'MATRIX_MODELS', 'HF_TOKEN', 'PATH']) expect(env[name], name).toBeUndefined();
    } finally {
      for (const name of Object.keys(process.env)) if (!(name in saved)) delete process.env[name];
      Object.assign(process.env, saved);
    }
  });
});
