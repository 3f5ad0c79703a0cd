import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { withStore } from '../matrix/store/open-store.js';
import { pendingDir } from '../matrix/store/pending.js';
import { childEnv } from './child-env.js';

const WRITER = join(import.meta.dirname, 'fixtures/reporter/store-writer.ts');
const MATRIX_BIN = join(import.meta.dirname, '../bin/matrix.js');

interface Child {
  stdout: string;
  stderr: string;
  code: number | null;
}

/** Starts node with `argv` in its own process; `started` resolves once stdout shows `waitFor`. */
function start(argv: string[], env: Record<string, string>, waitFor?: string, onStderr?: (text: string) => void) {
  const child = spawn(process.execPath, argv, { env: childEnv({ dbPath: db, env }), stdio: ['pipe', 'pipe', 'pipe'] });
  const out: Child = { stdout: '', stderr: '', code: null };
  let markStarted: () => void = () => undefined;
  const started = new Promise<void>((resolve) => (markStarted = resolve));
  child.stdout.on('data', (d: Buffer) => {
    out.stdout += d.toString();
    if (waitFor && out.stdout.includes(waitFor)) markStarted();
  });
  child.stderr.on('data', (d: Buffer) => {
    out.stderr += d.toString();
    onStderr?.(out.stderr);
  });
  const done = new Promise<Child>((resolve) => child.on('close', (code) => resolve({ ...out, code })));
  return { done, started, release: () => child.stdin.end('release\n') };
}

/** The writer fixture (see its header for the modes). */
const run = (args: string[], env: Record<string, string> = {}, waitFor?: string, onStderr?: (text: string) => void) =>
  start(['--import', 'tsx', WRITER, ...args], env, waitFor, onStderr);

let dir: string;
let db: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'store-conc-'));
  db = join(dir, 'm.duckdb');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

async function counts(): Promise<Record<string, unknown>[]> {
  return withStore({ path: db, readOnly: true }, async (store) =>
    (await store.connection.runAndReadAll('SELECT run_id, count(*)::INTEGER AS n FROM results GROUP BY run_id ORDER BY run_id')).getRowObjectsJS(),
  );
}

describe('two processes writing one database', () => {
  it('three writers started together all land (all 900 cells), and the file opens cleanly afterwards', async () => {
    const writers = ['a', 'b', 'c'].map((id) => run(['write', db, `run-${id}`, '300']).done);
    const results = await Promise.all(writers);
    for (const r of results) expect(r, r.stderr).toMatchObject({ code: 0 });
    expect(await counts()).toEqual([
      { run_id: 'run-a', n: 300 },
      { run_id: 'run-b', n: 300 },
      { run_id: 'run-c', n: 300 },
    ]);
  });

  it('a writer waits for a process holding the file, says so, then writes', async () => {
    const holder = run(['hold', db, '60000'], {}, 'holding');
    await holder.started;
    // The holder lets go only once the writer has said it is waiting.
    const writer = await run(['write', db, 'run-late', '50'], { MATRIX_DB_WAIT_MS: '30000' }, undefined, (text) => {
      if (text.includes('waiting up to')) holder.release();
    }).done;
    expect(writer.code, writer.stderr).toBe(0);
    expect(writer.stderr).toMatch(/is in use by PID \d+ .*waiting up to 30 s/);
    expect((await holder.done).code).toBe(0);
    expect(await counts()).toEqual([{ run_id: 'run-late', n: 50 }]);
  });

  it('a writer that gives up saves its cells to pending/ with a coded error; the next write imports them', async () => {
    const holder = run(['hold', db, '60000'], {}, 'holding');
    await holder.started;
    const gaveUp = await run(['write', db, 'run-blocked', '40'], { MATRIX_DB_WAIT_MS: '300' }).done;
    expect(gaveUp.code).toBe(1);
    expect(gaveUp.stdout).toContain('ERROR STORE_BUSY');
    expect(gaveUp.stderr).toMatch(/stayed locked by another process .*Your cells are safe in .*pending\/m\.duckdb-[0-9a-f]{12}\/run-blocked\.json/s);
    expect(pendingFiles()).toEqual([join(pendingDir(db), 'run-blocked.json')]);
    holder.release();
    await holder.done;

    const next = await run(['write', db, 'run-next', '10']).done;
    expect(next.code, next.stderr).toBe(0);
    expect(JSON.parse(next.stdout)).toEqual({ written: 10, imported: ['run-blocked'] });
    expect(await counts()).toEqual([
      { run_id: 'run-blocked', n: 40 },
      { run_id: 'run-next', n: 10 },
    ]);
    expect(pendingFiles()).toEqual([]);
  });
});

/** Every file under the test folder's pending/ (any database's), with its path. */
function pendingFiles(): string[] {
  const root = join(dir, 'pending');
  return existsSync(root) ? readdirSync(root, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name)) : [];
}

/** `matrix <args>` through the real CLI; `onStderr` sees stderr as it grows. */
const matrixCli = (args: string[], env: Record<string, string>, onStderr?: (text: string) => void): Promise<Child> =>
  start([MATRIX_BIN, ...args], { NO_COLOR: '1', ...env }, undefined, onStderr).done;

describe('a report while a run holds the database', () => {
  it('waits for the lock, says so once, then reports', async () => {
    expect((await run(['write', db, 'run-done', '5']).done).code).toBe(0);
    const holder = run(['hold', db, '60000'], {}, 'holding');
    await holder.started;
    const report = await matrixCli(['report', '--db', db], { MATRIX_DB_WAIT_MS: '30000' }, (text) => {
      if (text.includes('waiting up to')) holder.release();
    });
    expect(report.code, report.stderr).toBe(0);
    expect(report.stderr.match(/is in use by PID \d+ .*waiting up to 30 s/g)).toHaveLength(1);
    expect(report.stdout).toContain('run run-done');
    expect((await holder.done).code).toBe(0);
  });

  it('gives up after MATRIX_DB_WAIT_MS with a coded error and the next step, leaving the file intact', async () => {
    expect((await run(['write', db, 'run-done', '5']).done).code).toBe(0);
    const holder = run(['hold', db, '60000'], {}, 'holding');
    await holder.started;
    const report = await matrixCli(['report', '--db', db], { MATRIX_DB_WAIT_MS: '300' });
    holder.release();
    await holder.done;
    expect(report.code).toBe(1);
    expect(report.stderr).toMatch(/^matrix: STORE_BUSY: .*stayed locked by another process \(PID \d+/m);
    expect(report.stderr).toContain('MATRIX_DB_WAIT_MS');
    expect(report.stderr).not.toMatch(/\n\s+at /);
    expect(await counts()).toEqual([{ run_id: 'run-done', n: 5 }]);
  });
});

