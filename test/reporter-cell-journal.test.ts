// The cell journal: entries per process file, read back in order; a line cut short by a crash, stray
// files and a missing folder are survived; clear and remove leave nothing behind.
import { appendFileSync, existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { appendToJournal, clearJournal, createJournal, readJournal, removeJournal } from '../matrix/reporter/cell-journal.js';
import { CELL_VARIANTS, DEVICES, runInfo } from './fixtures/reporter/cells.js';

let dir = '';
afterEach(() => removeJournal(dir));

describe('cell journal', () => {
  it('reads back what was appended, with run and devices, in append order', () => {
    dir = createJournal();
    appendToJournal(dir, { testId: 't1', cell: CELL_VARIANTS[0], run: runInfo(), devices: [...DEVICES] });
    appendToJournal(dir, { testId: 't2', cell: CELL_VARIANTS[1] });
    const entries = readJournal(dir);
    expect(entries.map((e) => e.testId)).toEqual(['t1', 't2']);
    expect(entries[0]).toEqual({ testId: 't1', cell: CELL_VARIANTS[0], run: runInfo(), devices: [...DEVICES] });
    expect(readdirSync(dir)).toEqual([`${process.pid}.jsonl`]);
  });

  it('skips a torn last line, lines without a test id or cell, and files that are not journals', () => {
    dir = createJournal();
    appendToJournal(dir, { testId: 'whole', cell: CELL_VARIANTS[2] });
    appendFileSync(join(dir, `${process.pid}.jsonl`), '{"testId":"torn","cell":{"key":{"fam');
    writeFileSync(join(dir, '999.jsonl'), '{"cell":{}}\n{"testId":"no-cell"}\nnot json at all\n');
    writeFileSync(join(dir, 'notes.txt'), '{"testId":"elsewhere","cell":{}}\n');
    expect(readJournal(dir).map((e) => e.testId)).toEqual(['whole']);
  });

  it('a missing folder reads as empty; clear empties it, remove deletes it', () => {
    expect(readJournal('/nonexistent/matrix-journal')).toEqual([]);
    dir = createJournal();
    appendToJournal(dir, { testId: 't', cell: CELL_VARIANTS[0] });
    clearJournal(dir);
    expect(readJournal(dir)).toEqual([]);
    expect(existsSync(dir)).toBe(true);
    removeJournal(dir);
    expect(existsSync(dir)).toBe(false);
  });
});
