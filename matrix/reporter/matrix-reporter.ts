/**
 * The vitest reporter that fills the compatibility matrix. Generated tests put their CellResult on
 * `task.meta.matrix`; this reporter collects them as tests finish (`onTestCaseResult`) and writes
 * them once, in one DuckDB transaction per run, when the run ends (`onTestRunEnd`). A run with no
 * matrix cells writes nothing. An interrupted run (Ctrl-C, SIGTERM, cancel) still stores the cells
 * it finished, marked interrupted. Works in shard processes and in `vitest --merge-reports`
 * (see ./build-run-records.ts for how runs are identified).
 *
 * Options (from `reporters: [['./matrix/reporter/matrix-reporter.ts', { db }]]`): `db` — database
 * path (else MATRIX_DB, else .matrix/matrix.duckdb).
 */
import { relative } from 'node:path';
import type { Reporter, SerializedError, TestCase, TestModule, TestRunEndReason, Vitest } from 'vitest/node';
import type { CellResult, DeviceReport, RunInfo } from '../harness/types.js';
import { checkCell } from '../store/check-cell.js';
import { resolveDbPath } from '../store/resolve-db-path.js';
import { storeRun } from '../store/store-run.js';
import { buildRunRecords, type CollectedCell } from './build-run-records.js';
import { clearJournal, createJournal, JOURNAL_ENV, readJournal, removeJournal } from './cell-journal.js';
import { fallbackRunInfo } from './fallback-run-info.js';
import './run-meta.js';
import { saveInterruptedRuns } from './save-interrupted-runs.js';
import { summarizeCells } from './summarize-cells.js';

export interface MatrixReporterOptions {
  /** Database file; else MATRIX_DB; else .matrix/matrix.duckdb. */
  db?: string;
  /** Where messages go (default: stdout for the summary, stderr for problems). */
  log?: (line: string) => void;
}

export default class MatrixReporter implements Reporter {
  /** Run ids of the records this reporter wrote (or tried to), in order: `matrix run` re-runs crashed files into them. */
  readonly runIds: string[] = [];
  private vitest: Vitest | undefined;
  private collected: CollectedCell[] = [];
  /** vitest ids of the tests whose cells are in `collected`. */
  private collectedIds = new Set<string>();
  private rejected: string[] = [];
  /** This run's cell journal (see ./cell-journal.ts); none in a --merge-reports process. */
  private journal: string | undefined;
  private readonly dbPath: string;
  private readonly log: (line: string) => void;
  private readonly onSignal = (signal: NodeJS.Signals): void => this.flushOnSignal(signal);

  constructor(options: MatrixReporterOptions = {}) {
    this.dbPath = resolveDbPath(options.db);
    this.log = options.log ?? ((line) => process.stdout.write(`${line}\n`));
  }

  onInit(vitest: Vitest): void {
    this.vitest = vitest;
    // The workers inherit the variable: they start after onInit. A merge of blob reports runs no tests. One
    // inherited from an enclosing vitest run (a test that runs vitest) belongs to that run: replace it.
    const inherited = process.env[JOURNAL_ENV];
    if (!vitest.config.mergeReports) {
      this.journal = createJournal();
      process.env[JOURNAL_ENV] = this.journal;
    }
    process.on('SIGINT', this.onSignal);
    process.on('SIGTERM', this.onSignal);
    vitest.onClose(() => {
      process.off('SIGINT', this.onSignal);
      process.off('SIGTERM', this.onSignal);
      if (this.journal) {
        removeJournal(this.journal);
        if (process.env[JOURNAL_ENV] === this.journal) {
          if (inherited === undefined) delete process.env[JOURNAL_ENV];
          else process.env[JOURNAL_ENV] = inherited;
        }
        this.journal = undefined;
      }
    });
  }

  onTestRunStart(): void {
    this.collected = [];
    this.collectedIds.clear();
    this.rejected = [];
    if (this.journal) clearJournal(this.journal);
  }

  onTestCaseResult(testCase: TestCase): void {
    const value = testCase.meta().matrix;
    if (value === undefined) return;
    this.collectedIds.add(testCase.id); // received (stored or rejected): the journal's copy is not needed
    const cell = this.check(value, `of test "${testCase.fullName}" (${testCase.module.relativeModuleId})`);
    if (!cell) return;
    const fileMeta = testCase.module.meta();
    const provided = providedContext(testCase);
    this.collected.push({
      cell,
      run: fileMeta.matrixRun ?? provided?.matrixRun,
      devices: fileMeta.matrixDevices ?? provided?.matrixDevices,
    });
  }

  private check(value: unknown, where: string): CellResult | undefined {
    try {
      return checkCell(value, where);
    } catch (error) {
      this.rejected.push(error instanceof Error ? error.message : String(error));
      return undefined;
    }
  }

  /**
   * Adds the journaled cells vitest never delivered (a worker that died, results still in a worker when a
   * signal came); returns how many. Safe to call more than once.
   */
  private takeJournal(): number {
    if (!this.journal) return 0;
    let added = 0;
    for (const entry of readJournal(this.journal)) {
      if (this.collectedIds.has(entry.testId)) continue;
      const cell = this.check(entry.cell, `of test ${entry.testId} (from the cell journal)`);
      if (!cell) continue;
      this.collectedIds.add(entry.testId);
      this.collected.push({ cell, run: entry.run, devices: entry.devices });
      added += 1;
    }
    return added;
  }

  async onTestRunEnd(_modules: ReadonlyArray<TestModule>, _errors: ReadonlyArray<SerializedError>, reason: TestRunEndReason): Promise<void> {
    const recovered = this.takeJournal();
    if (recovered > 0) process.stderr.write(`matrix: ${recovered} finished cell${recovered === 1 ? '' : 's'} recovered from the cell journal (their worker did not report them)\n`);
    for (const problem of this.rejected) process.stderr.write(`matrix: cell not stored: ${problem}\n`);
    this.rejected = [];
    // Cells stay in `collected` until written, so a signal during the write still saves them.
    const collected = this.collected;
    if (collected.length === 0) return;
    const records = this.records(collected, reason === 'interrupted');
    const near = relative(process.cwd(), this.dbPath);
    const where = near && !near.startsWith('..') ? near : this.dbPath;
    for (const record of records) {
      if (!this.runIds.includes(record.run.runId)) this.runIds.push(record.run.runId);
      try {
        const outcome = await storeRun(record, { path: this.dbPath, log: (line) => process.stderr.write(`${line}\n`) });
        const imported = outcome.pending.imported.length;
        this.log(
          `Matrix written to ${where} (${summarizeCells(record.cells)})${record.interrupted ? ' — run interrupted' : ''}` +
            (imported > 0 ? `; imported ${imported} pending run${imported === 1 ? '' : 's'}` : ''),
        );
        if (outcome.summary.duplicateKeys.length > 0) {
          process.stderr.write(`matrix: ${outcome.summary.duplicateKeys.length} result keys were produced twice; the last cell was kept: ${outcome.summary.duplicateKeys.slice(0, 5).join(', ')}\n`);
        }
      } catch (error) {
        // storeRun already saved the cells to pending/; report, don't fail the test run.
        process.stderr.write(`matrix: ${(error as { code?: string }).code ?? 'STORE_ERROR'}: ${error instanceof Error ? error.message : String(error)}\n`);
      }
    }
    this.collected = [];
    this.collectedIds.clear();
    if (this.journal) clearJournal(this.journal);
  }

  private records(collected: readonly CollectedCell[], interrupted: boolean) {
    const shard = this.vitest?.config.shard;
    return buildRunRecords(collected, {
      merged: Boolean(this.vitest?.config.mergeReports),
      configShard: shard ? `${shard.index}/${shard.count}` : null,
      runIdOverride: process.env.MATRIX_RUN_ID,
      interrupted,
      finishedAt: new Date().toISOString(),
      fallbackRun: () => fallbackRunInfo(),
    });
  }

  private flushOnSignal(signal: NodeJS.Signals): void {
    this.takeJournal();
    let kept = true;
    if (this.collected.length > 0) {
      const collected = this.collected;
      this.collected = [];
      try {
        process.stderr.write(`${saveInterruptedRuns(this.records(collected, true), this.dbPath)}\n`);
      } catch (error) {
        kept = false;
        process.stderr.write(
          `matrix: could not keep the interrupted run's cells: ${error instanceof Error ? error.message : String(error)}` +
            (this.journal ? ` (they are still in the cell journal ${this.journal})` : '') + '\n',
        );
      }
    }
    // The cells are stored or in pending/ now, and vitest may exit before onClose: drop the journal then.
    if (this.journal && kept) removeJournal(this.journal);
    // Vitest's own handler exits the process; if it is not there, exit as Node would.
    if (process.listenerCount(signal) <= 1) process.exit(signal === 'SIGINT' ? 130 : 143);
  }
}

function providedContext(testCase: TestCase): { matrixRun?: RunInfo; matrixDevices?: DeviceReport[] } | undefined {
  try {
    return testCase.project.getProvidedContext() as { matrixRun?: RunInfo; matrixDevices?: DeviceReport[] };
  } catch {
    return undefined;
  }
}
