/**
 * `matrix run [--family a,b] [--platform node,web] [--profile quick|full] [--shard i/n] [--db path]`: runs the generated
 * suite through vitest's Node API with the matrix reporter. Cells that fail are results, not
 * errors: the command exits non-zero only when the runner itself failed (a test file that could
 * not load, an unhandled error, a crashed worker, cells the database could not take) — 1 — or on bad
 * input — 2.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import type { Command } from 'commander';
import { closestMatches, MatrixError } from '../../errors.js';
import { runPlatforms } from '../../harness/plan-cells.js';
import { PLATFORMS, type Platform } from '../../harness/types.js';
import { checkHarnessSettings } from '../../harness/check-settings.js';
import { readWaitMs } from '../../store/lock-wait.js';
import { addSuiteOptions, checkFamilies, generatedFamilies, SUITE_OPTIONS, type LoadedSuite } from '../../suite/index.js';
import { RERUN_ATTEMPTS_ENV, RERUN_SKIP_ENV, rerunCellId } from '../../harness/rerun-crashed.js';

export interface RunCommandOptions {
  family?: string;
  profile?: string;
  shard?: string;
  db?: string;
  platform?: string;
  /** A suite file or predefined suite name (matrix/suite). */
  suite?: string;
  /** Publish to the Hub dataset when the run ends (HF_TOKEN, HF_DATASET_REPO); never fails the run. */
  publish?: boolean;
}

/** What `matrix run` will do, after checking its input. */
export interface RunPlan {
  /** vitest file filters (one per family), empty = all generated tests. */
  filters: string[];
  profile: 'quick' | 'full' | 'bench';
  shard: string | undefined;
  dbPath: string | undefined;
  /** Platforms to run (MATRIX_PLATFORMS for the run); default every platform, web unavailable without a browser. */
  platforms?: Platform[];
  /** vitest test-name filter (a suite's tasks: the describe blocks are named after them). */
  testNamePattern?: string;
  /** Environment the run's cells read (a suite's MATRIX_DEVICES, MATRIX_DTYPES, MATRIX_SUITE, ...). */
  env?: Record<string, string>;
}

/**
 * Checks the options against the generated test files in `generatedDir`, and the MATRIX_* settings in
 * `env`, before any cell runs. Throws coded errors (exit 2).
 */
export function planRun(options: RunCommandOptions, generatedDir: string, env: NodeJS.ProcessEnv = process.env): RunPlan {
  const available = generatedFamilies(generatedDir);
  if (available.length === 0) {
    throw new MatrixError('RUN_NO_GENERATED_TESTS', `No generated tests in ${generatedDir}.`, 'Generate them first: npm run generate -- --all');
  }
  const families = (options.family ?? '').split(',').map((f) => f.trim()).filter(Boolean);
  if (options.family !== undefined && families.length === 0) {
    throw new MatrixError(
      'RUN_EMPTY_FAMILY',
      `--family ${JSON.stringify(options.family)} names no family (an empty CI variable?).`,
      `Give families, e.g. --family ${available.slice(0, 2).join(',')}, or leave out --family to run all ${available.length}.`,
    );
  }
  for (const family of families) {
    if (!available.includes(family)) {
      const near = closestMatches(family, available);
      throw new MatrixError(
        'RUN_UNKNOWN_FAMILY',
        `No generated tests for family "${family}".${near.length ? ` Did you mean ${near.map((n) => `"${n}"`).join(', ')}?` : ''}`,
        `Generated families: ${available.slice(0, 20).join(', ')}${available.length > 20 ? ', …' : ''}. Generate more with npm run generate -- --family ${family}`,
      );
    }
  }
  const profile = (options.profile ?? env.MATRIX_PROFILE ?? 'quick').trim().toLowerCase() || 'quick';
  if (profile !== 'quick' && profile !== 'full' && profile !== 'bench') {
    throw new MatrixError('RUN_UNKNOWN_PROFILE', `Unknown profile "${options.profile ?? profile}".`, 'Use --profile quick (CI), full (nightly) or bench (published numbers).');
  }
  const shard = options.shard?.trim();
  if (shard !== undefined) {
    const m = /^(\d+)\/(\d+)$/.exec(shard);
    if (!m || Number(m[1]) < 1 || Number(m[1]) > Number(m[2])) {
      throw new MatrixError('RUN_BAD_SHARD', `--shard "${shard}" is not i/n with 1 ≤ i ≤ n.`, 'Example: --shard 1/4 runs the first quarter of the test files.');
    }
  }
  const platforms = runPlatforms({ MATRIX_PLATFORMS: options.platform ?? process.env.MATRIX_PLATFORMS ?? PLATFORMS.join(',') });
  checkHarnessSettings({ ...env, MATRIX_PROFILE: profile });
  readWaitMs(env);
  return {
    platforms,
    filters: families.map((f) => `generated-tests/${f}.test.ts`),
    profile,
    shard,
    dbPath: options.db ? resolve(options.db) : undefined,
  };
}

/** Families with a generated test file (kept here for `matrix suite check` and the tests). */
export { generatedFamilies };

/** How `runMatrix` runs vitest: another config or project (tests), and whether to re-run crashed files. */
export interface RunSetup {
  config?: string;
  project?: string | null;
  /** Re-run once, in a fresh worker, the unfinished cells of files whose worker crashed (default true). */
  rerunCrashed?: boolean;
}

/**
 * Runs `plan` with vitest (project `generated` of `config` unless told otherwise); returns the exit code.
 * The files whose worker died (killed by the OOM killer, a native crash) are run once more in a fresh
 * worker: their unfinished cells only, counted as one retry each (see matrix/harness/rerun-crashed.ts).
 */
export async function runMatrix(plan: RunPlan, setup: RunSetup = {}): Promise<number> {
  const first = await runOnce(plan, setup, plan.filters);
  if (first.crashedFiles.length === 0 || setup.rerunCrashed === false) return first.code;
  process.stderr.write(
    `matrix: the worker of ${first.crashedFiles.length} test file(s) died (${first.crashedFiles.map((f) => relative(process.cwd(), f)).join(', ')}); ` +
      'running their unfinished cells once more in a fresh worker\n',
  );
  const dir = mkdtempSync(join(tmpdir(), 'matrix-rerun-'));
  const saved = { MATRIX_RUN_ID: process.env.MATRIX_RUN_ID, [RERUN_ATTEMPTS_ENV]: process.env[RERUN_ATTEMPTS_ENV], [RERUN_SKIP_ENV]: process.env[RERUN_SKIP_ENV] };
  try {
    const skipFile = join(dir, 'finished.json');
    writeFileSync(skipFile, JSON.stringify(first.runId ? await finishedCells(plan.dbPath, first.runId) : []));
    if (first.runId) process.env.MATRIX_RUN_ID = first.runId;
    process.env[RERUN_ATTEMPTS_ENV] = '1';
    process.env[RERUN_SKIP_ENV] = skipFile;
    const second = await runOnce(plan, setup, first.crashedFiles);
    return Math.max(first.brokenCode, second.code);
  } finally {
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
    rmSync(dir, { recursive: true, force: true });
  }
}

interface RunOnceOutcome {
  code: number;
  /** Exit code from files that could not load and from unhandled errors other than a dead worker. */
  brokenCode: number;
  /** Absolute paths of the files that still had tests not run when their worker died. */
  crashedFiles: string[];
  runId: string | undefined;
}

async function runOnce(plan: RunPlan, setup: RunSetup, filters: string[]): Promise<RunOnceOutcome> {
  const { startVitest } = await import('vitest/node');
  const { default: MatrixReporter } = await import('../../reporter/matrix-reporter.js');
  process.env.MATRIX_PROFILE = plan.profile;
  if (plan.platforms) process.env.MATRIX_PLATFORMS = plan.platforms.join(',');
  Object.assign(process.env, plan.env ?? {});
  const reporter = new MatrixReporter({ db: plan.dbPath });
  const vitest = await startVitest('test', filters, {
    run: true,
    watch: false,
    ...(plan.testNamePattern ? { testNamePattern: plan.testNamePattern } : {}),
    config: setup.config,
    ...(setup.project === null ? {} : { project: setup.project ?? 'generated' }),
    ...(plan.shard ? { shard: plan.shard } : {}),
    reporters: ['default', reporter],
  });
  try {
    const modules = vitest.state.getTestModules();
    const broken = modules.filter((m) => m.errors().length > 0 && m.state() === 'failed' && m.children.size === 0);
    const unhandled = vitest.state.getUnhandledErrors();
    const crashedFiles = modules.filter((m) => m.children.size > 0 && [...m.children.allTests()].some((t) => t.result().state === 'pending')).map((m) => m.moduleId);
    const other = unhandled.filter((e) => !(crashedFiles.length > 0 && /Worker .*(exited unexpectedly|emitted error)/.test(String((e as { message?: unknown }).message))));
    const runId = process.env.MATRIX_RUN_ID || reporter.runIds[0];
    return {
      // Cells the database did not take are a failed run (the reporter said where they are).
      code: broken.length > 0 || unhandled.length > 0 || reporter.storeFailed ? 1 : 0,
      brokenCode: broken.length > 0 || other.length > 0 || reporter.storeFailed ? 1 : 0,
      crashedFiles,
      runId,
    };
  } finally {
    await vitest.close();
  }
}

/** Cells of run `runId` already stored with a result other than `crashed`: a re-run leaves them alone. */
async function finishedCells(dbPath: string | undefined, runId: string): Promise<string[]> {
  const { withStore, resolveDbPath } = await import('../../store/index.js');
  const { existsSync: exists } = await import('node:fs');
  const path = resolveDbPath(dbPath);
  if (!exists(path)) return [];
  return withStore({ path, readOnly: true }, async ({ connection }) => {
    const rows = (await connection.runAndReadAll(
      "SELECT family, task, platform, device, dtype, batch_size FROM results WHERE run_id = $run AND coalesce(error_type, '') <> 'crashed'",
      { run: runId },
    )).getRowObjectsJS();
    return rows.map((r) => rerunCellId({ family: String(r.family), task: String(r.task), platform: r.platform as 'node', device: r.device as 'cpu', dtype: r.dtype as 'fp32', batchSize: Number(r.batch_size) }));
  });
}

export function register(program: Command): void {
  const command = program
    .command('run')
    .description('run the generated suite on the devices found and store every cell in the matrix database')
    .option('--family <names>', 'only these families (comma-separated model types, e.g. bert,gpt2)')
    .option('--platform <names>', `platforms to run, comma-separated: ${PLATFORMS.join(', ')} (default: every platform; web is reported unavailable, with the reason, where no browser is installed)`)
    .option('--profile <name>', 'measurement profile: quick (CI) or full (nightly)')
    .option('--shard <i/n>', 'run shard i of n (vitest --shard); use MATRIX_RUN_ID to give all shards one run')
    .option('--db <path>', 'database file (default: MATRIX_DB or .matrix/matrix.duckdb)')
    .option('--publish', 'publish to the Hub dataset when the run ends (HF_TOKEN, HF_DATASET_REPO); a failed upload never fails the run')
    .option('--suite <file|name>', 'run a suite file or predefined suite (suites/: smoke, text, vision, ...); suite flags below override it');
  addSuiteOptions(command, ['profile']);
  command.action(async (options: RunCommandOptions & Record<string, unknown>) => {
    await runAction(options);
    if (options.publish) {
      const { publishAfterRun } = await import('../../publish/index.js');
      const { resolveDbPath } = await import('../../store/index.js');
      await publishAfterRun({ dbPath: resolveDbPath(options.db), log: (line) => process.stderr.write(`matrix run: ${line}\n`) });
    }
  });
}

/** `matrix run`'s work: the generated suite, a test-mode suite, or a bench-mode suite; sets the exit code. */
async function runAction(options: RunCommandOptions & Record<string, unknown>): Promise<void> {
  const { suiteFieldsFromFlags } = await import('../../suite/index.js');
  const fields = suiteFieldsFromFlags(options);
  if (options.suite === undefined && Object.keys(fields).length > 0) {
    throw new MatrixError('RUN_SUITE_FLAGS', `${Object.keys(fields).map((k) => SUITE_OPTIONS.find((o) => o.key === k)!.flag.split(' ')[0]).join(', ')} need --suite.`, 'Give --suite FILE|NAME, or use `matrix bench <model>` for a one-off benchmark.');
  }
  if (options.suite === undefined) {
    process.exitCode = await runMatrix(planRun(options, join(process.cwd(), 'generated-tests')));
    return;
  }
  const { loadSuite, validateSuite } = await import('../../suite/index.js');
  const loaded = loadSuite(options.suite);
  const suite = Object.keys(fields).length || options.profile ? validateSuite({ ...loaded.suite, ...fields, ...(options.profile ? { profile: options.profile } : {}) }, `${loaded.file} with command-line flags`) : loaded.suite;
  if (suite.mode === 'bench') {
    const { runBenchSuite } = await import('./bench.js');
    process.exitCode = await runBenchSuite({ ...loaded, suite }, { db: options.db });
    return;
  }
  process.exitCode = await runMatrix(planSuiteRun({ ...loaded, suite }, options, join(process.cwd(), 'generated-tests')));
}

/** A test-mode suite as a vitest run: its families as file filters, tasks as a name filter, devices/dtypes/timeout as env. */
export function planSuiteRun(loaded: LoadedSuite, options: RunCommandOptions, generatedDir: string): RunPlan {
  const { suite } = loaded;
  checkFamilies(suite, generatedFamilies(generatedDir), loaded.file || 'the suite');
  const families = suite.models.some((m) => m.family === '*') ? [] : [...new Set(suite.models.map((m) => m.family!))];
  // Every family ('*') is no --family at all, not an empty list (which planRun refuses).
  const plan = planRun({ ...options, family: families.length > 0 ? families.join(',') : undefined, profile: suite.profile ?? options.profile }, generatedDir);
  const env: Record<string, string> = { MATRIX_SUITE: loaded.name };
  if (suite.devices) env.MATRIX_DEVICES = suite.devices.join(',');
  if (suite.dtypes) env.MATRIX_DTYPES = suite.dtypes.join(',');
  if (suite.timeoutMs) env.MATRIX_CELL_TIMEOUT_MS = String(suite.timeoutMs);
  const escape = (t: string) => t.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return { ...plan, env, ...(suite.tasks ? { testNamePattern: `^(${suite.tasks.map(escape).join('|')}) ` } : {}) };
}
