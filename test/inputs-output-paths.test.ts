// Issue 16 findings 1 and 8: an --out that resolves to the database (by path, through a symlink, or any
// file with DuckDB's magic bytes) is refused before anything is written, and an --out that cannot take the
// output (a folder for a file, a file or /dev/null for a folder) is a coded exit 2 with no stack.
import { createHash } from 'node:crypto';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkOutputDir, checkOutputFile, isDuckDbFile, refuseDatabaseOutput } from '../matrix/report/check-output-path.js';
import { KNOWN_RUNS } from './fixtures/report/known-store.js';
import { writeStore } from './fixtures/report/write-store.js';
import { MATRIX_BIN, runNode } from './fixtures/run-node.js';

const ROOT = resolve(import.meta.dirname, '..');
let dir: string;
let db: string;

const run = (args: string[], cwd = dir) => runNode(args, cwd);
const matrix = (...args: string[]) => run([MATRIX_BIN, ...args]);
const hash = (path: string): string => createHash('sha256').update(readFileSync(path)).digest('hex');

function expectRefused(result: { code: number; stderr: string }, code: string, phrase: string): void {
  expect(result.code).toBe(2);
  expect(result.stderr).toMatch(new RegExp(`^(matrix|generate): ${code}: `));
  expect(result.stderr).toContain(phrase);
  expect(result.stderr).not.toMatch(/\n\s+at /);
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'inputs-out-'));
  db = join(dir, 'm.duckdb');
  await writeStore(db, KNOWN_RUNS);
  copyFileSync(db, join(dir, 'other.duckdb'));
  symlinkSync(db, join(dir, 'link.md'));
  writeFileSync(join(dir, 'a-file'), 'x');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('an --out that would destroy a database is refused', () => {
  it('report --out <the database>, by path, through a symlink, and as ./x/../m.duckdb: exit 2, database unchanged', async () => {
    const before = hash(db);
    expectRefused(await matrix('report', '--db', db, '--format', 'md', '--out', db), 'REPORT_BAD_OUTPUT', 'is the matrix database');
    expectRefused(await matrix('report', '--db', db, '--format', 'md', '--out', join(dir, 'link.md')), 'REPORT_BAD_OUTPUT', 'is the matrix database');
    expectRefused(await matrix('report', '--db', db, '--out', 'sub/../m.duckdb'), 'REPORT_BAD_OUTPUT', 'is the matrix database');
    expect(hash(db)).toBe(before);
    const after = await matrix('report', '--db', db, '--format', 'json');
    expect(after.code).toBe(0);
    expect(JSON.parse(after.stdout)).toHaveProperty('cells');
  });

  it('any other DuckDB file (magic bytes), and the database’s WAL, are refused too', async () => {
    const other = join(dir, 'other.duckdb');
    const before = hash(other);
    expectRefused(await matrix('compare', '--db', db, '--base', KNOWN_RUNS[0]!.runId, '--head', KNOWN_RUNS[1]!.runId, '--out', other), 'REPORT_BAD_OUTPUT', 'is a DuckDB database file');
    expect(hash(other)).toBe(before);
    expect(() => refuseDatabaseOutput('--out', `${db}.wal`, db)).toThrow(/write-ahead log/);
    expect(isDuckDbFile(db)).toBe(true);
    expect(isDuckDbFile(join(dir, 'a-file'))).toBe(false);
    expect(isDuckDbFile(join(dir, 'missing'))).toBe(false);
  });

  it('badges --out <the database> and an index.md that links to it are refused', async () => {
    const before = hash(db);
    expectRefused(await matrix('badges', '--db', db, '--out', db), 'REPORT_BAD_OUTPUT', 'is not a folder');
    const badges = join(dir, 'badges');
    mkdirSync(badges);
    symlinkSync(db, join(badges, 'index.md'));
    expectRefused(await matrix('badges', '--db', db, '--out', badges), 'REPORT_BAD_OUTPUT', 'is the matrix database');
    expect(hash(db)).toBe(before);
  });
});

describe('an --out of the wrong kind is a coded exit 2, never a stack', () => {
  it('badges --out /dev/null or a file', async () => {
    expectRefused(await matrix('badges', '--db', db, '--out', '/dev/null'), 'REPORT_BAD_OUTPUT', 'is not a folder');
    expectRefused(await matrix('badges', '--db', db, '--out', join(dir, 'a-file', 'sub')), 'REPORT_BAD_OUTPUT', 'which is a file');
  });

  it('report --out a folder, or a path under a file', async () => {
    expectRefused(await matrix('report', '--db', db, '--out', dir), 'REPORT_BAD_OUTPUT', 'is a folder');
    expectRefused(await matrix('report', '--db', db, '--out', join(dir, 'a-file', 'r.md')), 'REPORT_BAD_OUTPUT', 'which is a file');
    expect(() => checkOutputDir('--out', join(dir, 'new', 'folder'))).not.toThrow();
    expect(checkOutputFile('--out', join(dir, 'new', 'r.md'), db)).toBe(join(dir, 'new', 'r.md'));
  });

  it('generate --out /dev/null or a file', async () => {
    const generate = (out: string) => run(['--import', 'tsx', join(ROOT, 'generator/cli.ts'), '--family', 'bert', '--out', out], ROOT);
    expectRefused(await generate('/dev/null'), 'GEN_BAD_OUT', 'is not a folder');
    expectRefused(await generate(join(dir, 'a-file')), 'GEN_BAD_OUT', 'is not a folder');
  });
});
