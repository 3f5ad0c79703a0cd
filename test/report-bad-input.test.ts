// Bad input to the report commands, through the real CLI in a child process: a coded one-line
// message with the next step, exit code 2, never a stack trace.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { childEnv } from './child-env.js';
import { KNOWN_RUNS } from './fixtures/report/known-store.js';
import { writeStore } from './fixtures/report/write-store.js';

const BIN = resolve(import.meta.dirname, '../bin/matrix.js');
let dir: string;

async function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [BIN, ...args], { cwd: dir, env: childEnv({ dbPath: '', env: { MATRIX_DB: undefined } }) });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

function expectCleanError(result: { code: number; stderr: string }, code: string, ...phrases: string[]): void {
  expect(result.code).toBe(2);
  expect(result.stderr).toMatch(new RegExp(`^matrix: ${code}: `));
  for (const phrase of phrases) expect(result.stderr).toContain(phrase);
  expect(result.stderr).not.toMatch(/\n\s+at /); // no stack frames
  expect(result.stderr).toContain('→'); // the next step
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'report-bad-input-'));
  await writeStore(join(dir, 'known.duckdb'), KNOWN_RUNS);
  await writeStore(join(dir, 'empty.duckdb'), []);
  await writeStore(join(dir, 'future.duckdb'), KNOWN_RUNS, 99);
  writeFileSync(join(dir, 'junk.duckdb'), 'not a database at all');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('report commands on bad input', () => {
  it('no database yet: says where it looked and how to make one', async () => {
    const r = await cli('report', '--db', join(dir, 'nowhere.duckdb'));
    expectCleanError(r, 'REPORT_NO_DATABASE', 'nowhere.duckdb', 'npx vitest run generated-tests');
  });

  it('the default path is .matrix/matrix.duckdb in the working directory', async () => {
    expectCleanError(await cli('report'), 'REPORT_NO_DATABASE', join('.matrix', 'matrix.duckdb'));
  });

  it('an empty store (no runs)', async () => {
    for (const command of ['report', 'history', 'badges']) {
      const extra = command === 'badges' ? ['--out', join(dir, 'b')] : [];
      expectCleanError(await cli(command, '--db', join(dir, 'empty.duckdb'), ...extra), 'REPORT_EMPTY_STORE', 'holds no runs yet');
    }
  });

  it('an unknown run id, with the closest ids', async () => {
    const r = await cli('report', '--db', join(dir, 'known.duckdb'), '--run', '20250102T020000Z-bbbbbc');
    expectCleanError(r, 'REPORT_UNKNOWN_RUN', 'Did you mean "20250102T020000Z-bbbbbb"', 'matrix history --runs');
  });

  it('a schema newer than the program, leaving the file alone', async () => {
    expectCleanError(await cli('report', '--db', join(dir, 'future.duckdb')), 'REPORT_SCHEMA_NEWER', 'schema version 99', 'Update model-matrix');
  });

  it('a file that is not a DuckDB database', async () => {
    expectCleanError(await cli('report', '--db', join(dir, 'junk.duckdb')), 'REPORT_BAD_DATABASE', 'not a valid DuckDB database file');
  });

  it('a filter value that is not in the run, with suggestions', async () => {
    expectCleanError(await cli('report', '--db', join(dir, 'known.duckdb'), '--family', 'bertt'), 'REPORT_BAD_OPTION', '--family "bertt"', 'bert');
    expectCleanError(await cli('report', '--db', join(dir, 'known.duckdb'), '--dtype', 'fp8'), 'REPORT_BAD_OPTION', 'Valid values:');
  });

  it('compare with an unknown reference', async () => {
    expectCleanError(await cli('compare', '--db', join(dir, 'known.duckdb'), '--base', 'nope', '--head', KNOWN_RUNS[1]!.runId), 'REPORT_UNKNOWN_REF', 'run:<id>');
  });

  it('a good store answers with exit code 0, and --fail-on-regression exits 1 on a regression', async () => {
    const ok = await cli('report', '--db', join(dir, 'known.duckdb'));
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain('8 cells:');
    const [base, head] = KNOWN_RUNS.map((r) => r.runId) as [string, string];
    const gate = await cli('compare', '--db', join(dir, 'known.duckdb'), '--base', base, '--head', head, '--fail-on-regression');
    expect(gate.code).toBe(1);
    expect(gate.stderr).toContain('3 regression(s)');
    expect((await cli('compare', '--db', join(dir, 'known.duckdb'), '--base', base, '--head', base, '--fail-on-regression')).code).toBe(0);
  });
});
