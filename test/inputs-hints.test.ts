// Issue 16 finding 10: one newer-schema hint everywhere; `matrix report` says when runs wait in pending/;
// the README teaches `npm run matrix -- …`, never `npx matrix` (outside the checkout that resolves an
// unrelated npm package named `matrix`).
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NEWER_SCHEMA_HINT } from '../matrix/errors.js';
import { SchemaTooNewError } from '../matrix/report/errors.js';
import { pendingNote } from '../matrix/report/pending-note.js';
import { StoreSchemaNewerError } from '../matrix/store/errors.js';
import { savePending } from '../matrix/store/pending.js';
import { KNOWN_RUNS } from './fixtures/report/known-store.js';
import { writeStore } from './fixtures/report/write-store.js';

const ROOT = resolve(import.meta.dirname, '..');
let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'inputs-hints-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('hints a user reads', () => {
  it('a newer schema gets the same hint from the store writer and the report commands', () => {
    const store = new StoreSchemaNewerError('/x/m.duckdb', 9, 2);
    const report = new SchemaTooNewError('/x/m.duckdb', 9, 2);
    for (const error of [store, report]) {
      expect(error.message).toContain(NEWER_SCHEMA_HINT);
      expect(error.message).not.toContain('npm install model-matrix');
    }
  });

  it('matrix report names runs waiting in pending/ (stderr), and says nothing when there are none', async () => {
    const db = join(dir, 'm.duckdb');
    await writeStore(db, KNOWN_RUNS);
    expect(pendingNote(db)).toBeUndefined();
    const run = { runId: '20250103T000000Z-cccccc', startedAt: '2025-01-03T00:00:00Z', gitSha: null, transformersVersion: '4.3.1', ortVersion: '1.30.0', host: 'h', os: 'linux', cpu: 'c', ci: false, shard: null, profile: 'quick' };
    const saved = savePending(db, { run, devices: [], cells: [], interrupted: false, finishedAt: '2025-01-03T00:01:00Z' });
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [join(ROOT, 'bin/matrix.js'), 'report', '--db', db, '--format', 'json'], {
      cwd: dir,
      env: { ...process.env, MATRIX_DB: '', NO_COLOR: '1' },
    });
    expect(JSON.parse(stdout)).toHaveProperty('cells'); // stdout stays clean JSON
    expect(stderr).toContain('1 run waiting in pending/');
    expect(stderr).toContain(saved);
    expect(pendingNote(db, () => ['a', 'b', 'c', 'd', 'e'])).toContain('5 runs waiting in pending/, not in this report yet: a, b, c, … (2 more)');
  });

  it('the README never teaches `npx matrix`', () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    expect(readme).not.toMatch(/npx matrix\b(?!` would fetch)/);
    expect(readme).toContain('npm run matrix -- report');
  });
});
