/**
 * Fault injection, part 1: signals and kills, against the real vitest CLI running the reporter fixture suite
 * and a real DuckDB file. After each fault: every finished cell is in the database, or in a place the run named
 * (for a main process killed outright: its cell journal, which the next run of the same database imports).
 */
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { childEnv } from '../child-env.js';
import { fixtureVitest, MATRIX_REPORTER, type FixtureProcess } from '../fixture-vitest.js';
import { cellsByRun, childPids, recordFault, storedCells } from './fault-kit.js';

let dir: string;
let db: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'fault-signal-'));
  db = join(dir, 'm.duckdb');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const env = (over: Record<string, string>) => childEnv({ dbPath: db, tmpDir: dir, env: over });
const journals = () => readdirSync(dir).filter((n) => n.startsWith('matrix-journal-'));

/** Runs the interrupt set (2 cells finish, a third hangs) and calls `fault` once the hanging test is reached. */
function interruptedRun(fault: (child: FixtureProcess) => void) {
  const marker = join(dir, 'hanging');
  let sent = false;
  return fixtureVitest(['run', '--reporter=verbose', `--reporter=${MATRIX_REPORTER}`], env({ FIXTURE_SET: 'interrupt', FIXTURE_MARKER: marker }), (_out, child) => {
    if (!sent && existsSync(marker)) {
      sent = true;
      fault(child);
    }
  });
}

describe('faults: signals and kills', () => {
  for (const [signal, code] of [['SIGINT', 130], ['SIGTERM', 143]] as const) {
    it(`${signal} to vitest: the 2 finished cells are stored, marked interrupted; exit ${code}`, { timeout: 120_000 }, async () => {
      const run = await interruptedRun((child) => child.kill(signal));
      expect(run.code, run.output).toBe(code);
      const stored = await storedCells(db);
      expect(stored).toBe(2);
      expect(journals()).toEqual([]);
      recordFault({ fault: `${signal} to vitest mid-run`, finished: 2, stored, kept: 0, lost: 2 - stored, exit: String(run.code), where: 'database (run marked interrupted)' });
    });
  }

  it('kill -9 of a worker: its finished cell is kept and the running cell is stored as fail/crashed; exit 1', { timeout: 120_000 }, async () => {
    const run = await fixtureVitest(['run'], env({ FIXTURE_SET: 'crash', FIXTURE_MARKER: join(dir, 'killed') }));
    expect(existsSync(join(dir, 'killed')), 'the worker was killed').toBe(true);
    expect(run.code, run.output).toBe(1);
    // 9 cells finished (a, b: 6; crash.cells.ts: 2, its process.exit becomes a test error; killed.cells.ts: 1 before the
    // kill) + the cell running at the kill, stored as fail/crashed.
    expect(await cellsByRun(db)).toEqual({ 'fixture-run': 10 });
    recordFault({ fault: 'kill -9 of a worker mid-cell', finished: 9, stored: 9, kept: 0, lost: 0, exit: String(run.code), where: 'database; the running cell as fail/crashed, runs.crashed_cells = 1' });
  });

  it('kill -9 of the vitest main process: the journal it strands is imported by the next run of the same database, then removed', { timeout: 120_000 }, async () => {
    let workers: number[] = [];
    const killed = await interruptedRun((child) => {
      workers = childPids(child.pid);
      child.kill('SIGKILL');
    });
    for (const pid of workers) {
      try {
        process.kill(pid, 'SIGKILL'); // the orphaned worker would sleep on in its hanging test
      } catch {
        // already gone
      }
    }
    expect(killed.signal).toBe('SIGKILL');
    expect(await storedCells(db)).toBe(0);
    expect(journals()).toHaveLength(1);

    const next = await fixtureVitest(['run'], env({ FIXTURE_SET: 'ok', FIXTURE_RUN_ID: 'next-run' }));
    expect(next.code, next.output).toBe(0);
    expect(next.output).toMatch(/imported the cell journal of a killed run \(pid \d+\) into .*m\.duckdb \(2 cells: 2 pass.*\) — run interrupted/);
    expect(await cellsByRun(db)).toEqual({ 'fixture-run': 2, 'next-run': 3 });
    expect(journals()).toEqual([]);
    recordFault({ fault: 'kill -9 of the vitest main process', finished: 2, stored: 0, kept: 2, lost: 0, exit: 'SIGKILL', where: 'its cell journal (temp folder), imported by the next run of the same database' });
  });
});
