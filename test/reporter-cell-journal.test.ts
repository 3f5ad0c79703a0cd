// The cell journal: entries per process file, read back in order and split by nonce (a run adopts only its
// own); a line cut short by a crash, stray files and a missing folder are survived; clear keeps the owner,
// remove leaves nothing behind. Stranded journals (a killed main process) are found by database and dead pid;
// the cell a dead worker was running becomes fail/crashed at its last stage.
import { appendFileSync, existsSync, mkdtempSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { appendToJournal, clearJournal, createJournal, readJournal, readJournalOwner, removeJournal, type StartedEntry } from '../matrix/reporter/cell-journal.js';
import { crashedCells } from '../matrix/reporter/crashed-cells.js';
import { oomKillCount } from '../matrix/reporter/oom-kill-count.js';
import { findStrandedJournals, pidAlive } from '../matrix/reporter/stranded-journals.js';
import { CELL_VARIANTS, DEVICES, key, runInfo } from './fixtures/reporter/cells.js';

let root = '';
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'journal-test-'));
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

describe('cell journal', () => {
  it('reads back what was appended, with run and devices, in append order; the owner names nonce, database and pid', () => {
    const { dir, nonce } = createJournal('/data/m.duckdb', root);
    expect(dir.startsWith(join(root, 'matrix-journal-'))).toBe(true);
    expect(readJournalOwner(dir)).toMatchObject({ nonce, dbPath: '/data/m.duckdb', pid: process.pid });
    appendToJournal(dir, { nonce, testId: 't1', cell: CELL_VARIANTS[0], run: runInfo(), devices: [...DEVICES] });
    appendToJournal(dir, { nonce, testId: 't2', cell: CELL_VARIANTS[1] });
    const { entries, foreign } = readJournal(dir, nonce);
    expect(entries.map((e) => e.testId)).toEqual(['t1', 't2']);
    expect(entries[0]).toEqual({ nonce, testId: 't1', cell: CELL_VARIANTS[0], run: runInfo(), devices: [...DEVICES] });
    expect(foreign).toEqual([]);
    expect(readdirSync(dir).sort()).toEqual([`${process.pid}.jsonl`, 'owner.json']);
  });

  it('entries of another run (another nonce, or none, as older versions wrote) are foreign, never adopted', () => {
    const mine = createJournal('/data/m.duckdb', root);
    const theirs = createJournal('/data/m.duckdb', root);
    expect(mine.nonce).not.toBe(theirs.nonce);
    appendToJournal(mine.dir, { nonce: mine.nonce, testId: 'own', cell: CELL_VARIANTS[0] });
    appendToJournal(mine.dir, { nonce: theirs.nonce, testId: 'nested-run', cell: CELL_VARIANTS[1] });
    appendToJournal(mine.dir, { testId: 'old-version', cell: CELL_VARIANTS[2] });
    const { entries, foreign } = readJournal(mine.dir, mine.nonce);
    expect(entries.map((e) => e.testId)).toEqual(['own']);
    expect(foreign.map((e) => e.testId)).toEqual(['nested-run', 'old-version']);
  });

  it('skips a torn last line, lines without a test id or cell, and files that are not journals', () => {
    const { dir, nonce } = createJournal('/data/m.duckdb', root);
    appendToJournal(dir, { nonce, testId: 'whole', cell: CELL_VARIANTS[2] });
    appendFileSync(join(dir, `${process.pid}.jsonl`), `{"nonce":"${nonce}","testId":"torn","cell":{"key":{"fam`);
    writeFileSync(join(dir, '999.jsonl'), `{"nonce":"${nonce}","cell":{}}\n{"nonce":"${nonce}","testId":"no-cell"}\nnot json at all\n`);
    writeFileSync(join(dir, 'notes.txt'), `{"nonce":"${nonce}","testId":"elsewhere","cell":{}}\n`);
    expect(readJournal(dir, nonce).entries.map((e) => e.testId)).toEqual(['whole']);
  });

  it('a missing folder reads as empty; clear empties it but keeps the owner, remove deletes it', () => {
    expect(readJournal('/nonexistent/matrix-journal', 'x')).toEqual({ entries: [], foreign: [] });
    const { dir, nonce } = createJournal('/data/m.duckdb', root);
    appendToJournal(dir, { nonce, testId: 't', cell: CELL_VARIANTS[0] });
    clearJournal(dir);
    expect(readJournal(dir, nonce).entries).toEqual([]);
    expect(readJournalOwner(dir)?.nonce).toBe(nonce);
    removeJournal(dir);
    expect(existsSync(dir)).toBe(false);
  });

  it('an owner file that is missing or not ours reads as no owner', () => {
    const dir = join(root, 'matrix-journal-odd');
    mkdirSync(dir);
    expect(readJournalOwner(dir)).toBeNull();
    writeFileSync(join(dir, 'owner.json'), '{"nonce":1}');
    expect(readJournalOwner(dir)).toBeNull();
  });
});

describe('stranded journals', () => {
  it('finds the journals of dead processes that wrote this database, never a live run\'s or another database\'s', () => {
    const dead = createJournal('/data/m.duckdb', root);
    const live = createJournal('/data/m.duckdb', root);
    const other = createJournal('/data/other.duckdb', root);
    for (const j of [dead, live, other]) writeFileSync(join(j.dir, 'owner.json'), JSON.stringify({ ...readJournalOwner(j.dir), format: 'model-matrix-cell-journal', pid: j === live ? 4242 : 999_999 }));
    appendToJournal(dead.dir, { nonce: dead.nonce, testId: 'a', cell: CELL_VARIANTS[0], run: runInfo() });
    appendToJournal(dead.dir, { kind: 'started', nonce: dead.nonce, testId: 'b', pid: 1, cell: { key: key(), source: 'forged', inference: 'real', stage: 'load' } });
    appendToJournal(dead.dir, { nonce: 'a-nested-run', testId: 'c', cell: CELL_VARIANTS[1] });
    const found = findStrandedJournals('/data/m.duckdb', root, (pid) => pid === 4242);
    expect(found.map((s) => s.dir)).toEqual([dead.dir]);
    expect(found[0]!.finished.map((e) => e.testId)).toEqual(['a']);
    expect(Date.parse(found[0]!.lastWrittenAt)).not.toBeNaN();
    expect(findStrandedJournals('/data/none.duckdb', root, () => false)).toEqual([]);
    expect(findStrandedJournals('/data/m.duckdb', join(root, 'missing'))).toEqual([]);
  });

  it('pidAlive: this process lives, a pid far past pid_max does not', () => {
    expect(pidAlive(process.pid)).toBe(true);
    expect(pidAlive(2 ** 30)).toBe(false);
  });
});

describe('crashed cells', () => {
  const started = (testId: string, stage: StartedEntry['cell']['stage'], dtype: 'fp32' | 'q8' = 'fp32'): StartedEntry => ({
    kind: 'started',
    testId,
    pid: 77,
    cell: { key: key({ dtype }), source: 'forged', inference: 'real', stage },
    run: runInfo(),
  });

  it('a started cell without a result is a fail at the last stage it entered; one with a result is not', () => {
    const crashed = crashedCells([started('t1', 'resolve'), started('t1', 'load'), started('t1', 'postprocess'), started('t2', 'load', 'q8')], (id) => id === 't2', false);
    expect(crashed).toHaveLength(1);
    expect(crashed[0]!.cell).toMatchObject({ status: 'fail', stage: 'postprocess', errorType: 'crashed', key: key(), source: 'forged', inference: 'real' });
    expect((crashed[0]!.cell as { message: string }).message).toMatch(/worker \(pid 77\) .*died at stage postprocess/);
    expect(crashed[0]!.run).toEqual(runInfo());
  });

  it('is out-of-memory when the OOM killer struck during the run', () => {
    const [one] = crashedCells([started('t1', 'load')], () => false, true);
    expect(one!.cell).toMatchObject({ status: 'fail', stage: 'load', errorType: 'out-of-memory' });
    expect((one!.cell as { message: string }).message).toMatch(/OOM killer/);
  });

  it('oomKillCount reads cgroup v2 memory.events and v1 memory.oom_control, null where neither says', () => {
    const v2 = join(root, 'v2');
    mkdirSync(v2);
    writeFileSync(join(v2, 'memory.events'), 'low 0\nhigh 0\nmax 3\noom 2\noom_kill 2\n');
    expect(oomKillCount(v2)).toBe(2);
    const v1 = join(root, 'v1');
    mkdirSync(join(v1, 'memory'), { recursive: true });
    writeFileSync(join(v1, 'memory', 'memory.oom_control'), 'oom_kill_disable 0\nunder_oom 0\noom_kill 5\n');
    expect(oomKillCount(v1)).toBe(5);
    expect(oomKillCount(join(root, 'none'))).toBeNull();
  });
});
