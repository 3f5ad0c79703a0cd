/**
 * The vitest reporter that fills the compatibility matrix. Generated tests put their CellResult on
 * `task.meta.matrix`; this reporter collects them as tests finish (`onTestCaseResult`) and writes
 * them once, in one DuckDB transaction per run, when the run ends (`onTestRunEnd`). A run with no
 * matrix cells writes nothing. An interrupted run (Ctrl-C, SIGTERM, cancel) still stores the cells
 * it finished, marked interrupted. Works in shard processes and in `vitest --merge-reports`
 * (see ./build-run-records.ts for how runs are identified).
 *
 * Options (from `reporters: [['./matrix/reporter/matrix-reporter.ts', { db, projects }]]`): `db` — database
 * path (else MATRIX_DB, else .matrix/matrix.duckdb); `projects` — store only the cells of these vitest
 * projects (a run of none of them, e.g. `vitest run --project unit`, keeps no journal and writes nothing).
 *
 * A run adopts only its own cells: its journal's entries carry its nonce, and it hands the journal to its own
 * workers only (provide/inject); entries of another run are ignored and reported. The cell a worker was
 * running when it died is stored as fail/crashed (or fail/out-of-memory when the OOM killer struck), and the
 * run counts them (runs.crashed_cells). Journals stranded by a killed main process that wrote the same
 * database are imported, marked interrupted, before this run is stored. When the database and every pending
 * folder refuse the cells, the run exits non-zero and the cells are printed, so nothing is lost silently.
 */
import { relative } from 'node:path';
import type { Reporter, SerializedError, TestCase, TestModule, TestRunEndReason, Vitest } from 'vitest/node';
import type { CellResult, DeviceReport, RunInfo } from '../harness/types.js';
import { checkCell } from '../store/check-cell.js';
import { resolveDbPath } from '../store/resolve-db-path.js';
import { storeRun } from '../store/store-run.js';
import type { RunRecord } from '../store/run-record.js';
import { buildRunRecords, type CollectedCell } from './build-run-records.js';
import { clearJournal, createJournal, readJournal, removeJournal, type JournalHandle, type StartedEntry } from './cell-journal.js';
import { crashedCells } from './crashed-cells.js';
import { fallbackRunInfo } from './fallback-run-info.js';
import { oomKillCount } from './oom-kill-count.js';
import './run-meta.js';
import { saveInterruptedRuns } from './save-interrupted-runs.js';
import { findStrandedJournals } from './stranded-journals.js';
import { summarizeCells } from './summarize-cells.js';

export interface MatrixReporterOptions {
  /** Database file; else MATRIX_DB; else .matrix/matrix.duckdb. */
  db?: string;
  /** Store only cells of tests in these vitest projects (by name); default: every project. */
  projects?: readonly string[];
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
  /** vitest ids of every test vitest reported a result for (with or without a cell). */
  private reportedIds = new Set<string>();
  private rejected: string[] = [];
  /** `started` journal entries of this run: cells that began, to find the ones whose worker died. */
  private started: StartedEntry[] = [];
  /** This run's cell journal (see ./cell-journal.ts); none in a --merge-reports process or an inert run. */
  private journal: JournalHandle | undefined;
  private foreignReported = false;
  private oomKillsAtStart: number | null = null;
  /** False when the run includes none of `projects`: the reporter then does nothing at all. */
  private active = true;
  private readonly projects: ReadonlySet<string> | undefined;
  /** True once a run's cells could not be written to the database (the run then exits non-zero). */
  storeFailed = false;
  private readonly dbPath: string;
  private readonly log: (line: string) => void;
  private readonly onSignal = (signal: NodeJS.Signals): void => this.flushOnSignal(signal);

  constructor(options: MatrixReporterOptions = {}) {
    this.dbPath = resolveDbPath(options.db);
    this.projects = options.projects ? new Set(options.projects) : undefined;
    this.log = options.log ?? ((line) => process.stdout.write(`${line}\n`));
  }

  onInit(vitest: Vitest): void {
    this.vitest = vitest;
    const projects = this.projects;
    this.active = !projects || Boolean(vitest.config.mergeReports) || vitest.projects.some((p) => projects.has(p.name));
    if (!this.active) return;
    // The journal reaches this run's workers only, through provide/inject: a vitest run started inside this one
    // (a test that runs vitest) never sees it, and this run never sees a parent's. A merge of blob reports runs no tests.
    if (!vitest.config.mergeReports) {
      this.journal = createJournal(this.dbPath);
      vitest.provide('matrixJournal', this.journal);
      this.oomKillsAtStart = oomKillCount();
    }
    process.on('SIGINT', this.onSignal);
    process.on('SIGTERM', this.onSignal);
    vitest.onClose(() => {
      process.off('SIGINT', this.onSignal);
      process.off('SIGTERM', this.onSignal);
      if (this.journal) {
        removeJournal(this.journal.dir);
        this.journal = undefined;
      }
    });
  }

  onTestRunStart(): void {
    this.collected = [];
    this.collectedIds.clear();
    this.reportedIds.clear();
    this.started = [];
    this.rejected = [];
    if (this.journal) clearJournal(this.journal.dir);
  }

  onTestCaseResult(testCase: TestCase): void {
    if (!this.active || (this.projects && !this.projects.has(testCase.project.name))) return;
    this.reportedIds.add(testCase.id);
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
   * signal came); returns how many. Keeps the `started` entries for crashedCells. Safe to call more than once.
   */
  private takeJournal(): number {
    if (!this.journal) return 0;
    const { entries, foreign } = readJournal(this.journal.dir, this.journal.nonce);
    if (foreign.length > 0 && !this.foreignReported) {
      this.foreignReported = true;
      process.stderr.write(`matrix: ${foreign.length} entr${foreign.length === 1 ? 'y' : 'ies'} in this run's cell journal ${this.journal.dir} came from another run (another nonce); ignored\n`);
    }
    let added = 0;
    this.started = [];
    for (const entry of entries) {
      if (entry.kind === 'started') {
        this.started.push(entry);
        continue;
      }
      if (this.collectedIds.has(entry.testId)) continue;
      const cell = this.check(entry.cell, `of test ${entry.testId} (from the cell journal)`);
      if (!cell) continue;
      this.collectedIds.add(entry.testId);
      this.collected.push({ cell, run: entry.run, devices: entry.devices });
      added += 1;
    }
    return added;
  }

  /** The cells whose worker died while they ran, added to `collected`; returns them. */
  private takeCrashed(): Set<CellResult> {
    const oomKills = oomKillCount();
    const oomKilled = this.oomKillsAtStart !== null && oomKills !== null && oomKills > this.oomKillsAtStart;
    const crashed = crashedCells(this.started, (id) => this.reportedIds.has(id) || this.collectedIds.has(id), oomKilled);
    for (const c of crashed) this.collected.push(c);
    if (crashed.length > 0) {
      process.stderr.write(`matrix: ${crashed.length} cell${crashed.length === 1 ? '' : 's'} stored as fail/${oomKilled ? 'out-of-memory' : 'crashed'}: the worker running ${crashed.length === 1 ? 'it' : 'them'} died before ${crashed.length === 1 ? 'it' : 'they'} finished\n`);
    }
    return new Set(crashed.map((c) => c.cell));
  }

  async onTestRunEnd(_modules: ReadonlyArray<TestModule>, _errors: ReadonlyArray<SerializedError>, reason: TestRunEndReason): Promise<void> {
    if (!this.active) return;
    const recovered = this.takeJournal();
    if (recovered > 0) process.stderr.write(`matrix: ${recovered} finished cell${recovered === 1 ? '' : 's'} recovered from the cell journal (their worker did not report them)\n`);
    const crashed = reason === 'interrupted' ? new Set<CellResult>() : this.takeCrashed();
    for (const problem of this.rejected) process.stderr.write(`matrix: cell not stored: ${problem}\n`);
    this.rejected = [];
    // Cells stay in `collected` until written, so a signal during the write still saves them.
    const collected = this.collected;
    if (collected.length === 0) return;
    const records = this.records(collected, reason === 'interrupted');
    for (const record of records) {
      if (!this.runIds.includes(record.run.runId)) this.runIds.push(record.run.runId);
      const n = record.cells.filter((c) => crashed.has(c)).length;
      if (n > 0) record.crashedCells = n;
    }
    await this.importStranded();
    for (const record of records) await this.store(record);
    this.collected = [];
    this.collectedIds.clear();
    if (this.journal) clearJournal(this.journal.dir);
  }

  /** Stores one record; on failure says where its cells are (or prints them) and marks the run failed. */
  private async store(record: RunRecord, what = 'Matrix written to'): Promise<boolean> {
    const near = relative(process.cwd(), this.dbPath);
    const where = near && !near.startsWith('..') ? near : this.dbPath;
    try {
      const outcome = await storeRun(record, { path: this.dbPath, log: (line) => process.stderr.write(`${line}\n`) });
      const imported = outcome.pending.imported.length;
      this.log(
        `${what} ${where} (${summarizeCells(record.cells)})${record.interrupted ? ' — run interrupted' : ''}` +
          (record.crashedCells ? `; ${record.crashedCells} crashed` : '') +
          (imported > 0 ? `; imported ${imported} pending run${imported === 1 ? '' : 's'}` : ''),
      );
      if (outcome.summary.duplicateKeys.length > 0) {
        process.stderr.write(`matrix: ${outcome.summary.duplicateKeys.length} result keys were produced twice; the last cell was kept: ${outcome.summary.duplicateKeys.slice(0, 5).join(', ')}\n`);
      }
      return true;
    } catch (error) {
      // The run fails (non-zero exit): CI must not stay green with no data. storeRun saved the cells where it could.
      this.storeFailed = true;
      process.exitCode = 1;
      process.stderr.write(`matrix: ${(error as { code?: string }).code ?? 'STORE_ERROR'}: ${error instanceof Error ? error.message : String(error)}\n`);
      if ((error as { savedTo?: string | null }).savedTo === null) {
        // The last place left: the output. One JSON line a person (or `matrix import`) can take back.
        process.stderr.write(`matrix: the run's cells, as JSON (no file could take them): ${JSON.stringify(record)}\n`);
      }
      return false;
    }
  }

  /** Imports the journals that killed runs left for this database, then removes them. */
  private async importStranded(): Promise<void> {
    for (const stranded of findStrandedJournals(this.dbPath)) {
      const collected: CollectedCell[] = [];
      for (const entry of stranded.finished) {
        const cell = this.check(entry.cell, `of test ${entry.testId} (from the stranded cell journal ${stranded.dir})`);
        if (cell) collected.push({ cell, run: entry.run, devices: entry.devices });
      }
      for (const problem of this.rejected) process.stderr.write(`matrix: cell not stored: ${problem}\n`);
      this.rejected = [];
      const records = buildRunRecords(collected, {
        merged: false,
        configShard: null,
        runIdOverride: undefined,
        interrupted: true,
        finishedAt: stranded.lastWrittenAt,
        fallbackRun: () => fallbackRunInfo(new Date(stranded.owner.createdAt || Date.now())),
      });
      let stored = true;
      for (const record of records) stored = (await this.store(record, `matrix: imported the cell journal of a killed run (pid ${stranded.owner.pid}) into`)) && stored;
      if (stored) removeJournal(stranded.dir);
    }
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
            (this.journal ? ` (they are still in the cell journal ${this.journal.dir})` : '') + '\n',
        );
      }
    }
    // The cells are stored or in pending/ now, and vitest may exit before onClose: drop the journal then.
    if (this.journal && kept) removeJournal(this.journal.dir);
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
