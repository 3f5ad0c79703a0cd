// Issue 16 finding 6: `matrix run --family ,` (an empty CI variable) and bad MATRIX_* settings are coded
// errors (exit 2) before any cell runs, not a whole-suite run into the default database.
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { planRun } from '../matrix/cli/commands/run.js';
import { MatrixError } from '../matrix/errors.js';
import { checkHarnessSettings } from '../matrix/harness/check-settings.js';

let dir: string;
let generated: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'run-settings-'));
  generated = join(dir, 'generated-tests');
  mkdirSync(generated);
  for (const f of ['bert', 'gpt2']) writeFileSync(join(generated, `${f}.test.ts`), '');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function codeOf(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(MatrixError);
    expect((error as MatrixError).exitCode).toBe(2);
    return (error as MatrixError).code;
  }
  return 'no error';
}

describe('matrix run checks its input before any cell runs', () => {
  it('an empty family list is refused, whatever its spelling', () => {
    for (const family of [',', '', ' , ,']) expect(codeOf(() => planRun({ family }, generated, {}))).toBe('RUN_EMPTY_FAMILY');
    expect(planRun({ family: 'bert,' }, generated, {}).filters).toEqual(['generated-tests/bert.test.ts']);
  });

  it('each bad MATRIX_* setting is its own coded error', () => {
    const cases: Array<[NodeJS.ProcessEnv, string]> = [
      [{ MATRIX_DB_WAIT_MS: 'abc' }, 'STORE_BAD_SETTING'],
      [{ MATRIX_PROFILE: 'fast' }, 'RUN_UNKNOWN_PROFILE'],
      [{ MATRIX_DEVICES: 'cpu,tpu' }, 'HARNESS_BAD_FILTER'],
      [{ MATRIX_DTYPES: 'int3' }, 'HARNESS_BAD_FILTER'],
      [{ MATRIX_CELL_TIMEOUT_MS: '-5' }, 'HARNESS_BAD_TIMEOUT'],
      [{ MATRIX_ORT_THREADS: '1.5' }, 'HARNESS_BAD_ENV'],
    ];
    for (const [env, code] of cases) expect(codeOf(() => planRun({}, generated, env)), JSON.stringify(env)).toBe(code);
    expect(codeOf(() => planRun({}, generated, { MATRIX_DB_WAIT_MS: '100', MATRIX_DEVICES: 'cpu', MATRIX_CELL_TIMEOUT_MS: '500' }))).toBe('no error');
    expect(codeOf(() => checkHarnessSettings({ MATRIX_PROFILE: 'FULL', MATRIX_DTYPES: 'fp32,q4' }))).toBe('no error');
  });

  it('through the real CLI: exit 2 and no run (no database written)', async () => {
    const db = join(dir, 'never.duckdb');
    for (const [args, env, code] of [
      [['--family', ','], {}, 'RUN_EMPTY_FAMILY'],
      [[], { MATRIX_DB_WAIT_MS: 'abc' }, 'STORE_BAD_SETTING'],
    ] as const) {
      const result = await promisify(execFile)(process.execPath, [resolve(import.meta.dirname, '../bin/matrix.js'), 'run', '--db', db, ...args], {
        cwd: resolve(import.meta.dirname, '..'),
        // Were the check missing, the whole suite would start: cut it short, the test fails either way.
        timeout: 60_000,
        env: { ...process.env, ...env, MATRIX_DB: db, MATRIX_CELL_JOURNAL: '', MATRIX_RUN_ID: '', MATRIX_MODELS: '' },
      }).then(() => ({ code: 0, stderr: '' }), (e: { code: number; stderr: string }) => e);
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(new RegExp(`^matrix: ${code}: `));
    }
    expect(existsSync(db)).toBe(false);
  });
});

