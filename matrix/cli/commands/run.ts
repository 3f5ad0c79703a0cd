/**
 * `matrix run [--family a,b] [--profile quick|full] [--shard i/n] [--db path]`: runs the generated
 * suite through vitest's Node API with the matrix reporter. Cells that fail are results, not
 * errors: the command exits non-zero only when the runner itself failed (a test file that could
 * not load, an unhandled error, a crashed worker, cells the database could not take) — 1 — or on bad
 * input — 2.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import { closestMatches, MatrixError } from '../../errors.js';
import { checkHarnessSettings } from '../../harness/check-settings.js';
import { readWaitMs } from '../../store/lock-wait.js';
import { addSuiteOptions, checkFamilies, SUITE_OPTIONS, type LoadedSuite } from '../../suite/index.js';

export interface RunCommandOptions {
  family?: string;
  profile?: string;
  shard?: string;
  db?: string;
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
  checkHarnessSettings({ ...env, MATRIX_PROFILE: profile });
  readWaitMs(env);
  return {
    filters: families.map((f) => `generated-tests/${f}.test.ts`),
    profile,
    shard,
    dbPath: options.db ? resolve(options.db) : undefined,
  };
}

/** Families with a generated test file in `generatedDir`, sorted. */
export function generatedFamilies(generatedDir: string): string[] {
  return existsSync(generatedDir) ? readdirSync(generatedDir).filter((f) => f.endsWith('.test.ts')).map((f) => f.slice(0, -'.test.ts'.length)).sort() : [];
}

/** Runs `plan` with vitest (project `generated` of `config` unless told otherwise); returns the exit code. */
export async function runMatrix(plan: RunPlan, setup: { config?: string; project?: string | null } = {}): Promise<number> {
  const { startVitest } = await import('vitest/node');
  const { default: MatrixReporter } = await import('../../reporter/matrix-reporter.js');
  process.env.MATRIX_PROFILE = plan.profile;
  Object.assign(process.env, plan.env ?? {});
  const matrix = new MatrixReporter({ db: plan.dbPath });
  const vitest = await startVitest('test', plan.filters, {
    run: true,
    watch: false,
    ...(plan.testNamePattern ? { testNamePattern: plan.testNamePattern } : {}),
    config: setup.config,
    ...(setup.project === null ? {} : { project: setup.project ?? 'generated' }),
    ...(plan.shard ? { shard: plan.shard } : {}),
    reporters: ['default', matrix],
  });
  try {
    const broken = vitest.state.getTestModules().filter((m) => m.errors().length > 0 && m.state() === 'failed' && m.children.size === 0);
    const unhandled = vitest.state.getUnhandledErrors();
    // Cells the database did not take are a failed run (the reporter said where they are).
    return broken.length > 0 || unhandled.length > 0 || matrix.storeFailed ? 1 : 0;
  } finally {
    await vitest.close();
  }
}

export function register(program: Command): void {
  const command = program
    .command('run')
    .description('run the generated suite on the devices found and store every cell in the matrix database')
    .option('--family <names>', 'only these families (comma-separated model types, e.g. bert,gpt2)')
    .option('--profile <name>', 'measurement profile: quick (CI) or full (nightly)')
    .option('--shard <i/n>', 'run shard i of n (vitest --shard); use MATRIX_RUN_ID to give all shards one run')
    .option('--db <path>', 'database file (default: MATRIX_DB or .matrix/matrix.duckdb)')
    .option('--suite <file|name>', 'run a suite file or predefined suite (suites/: smoke, text, vision, ...); suite flags below override it')
    .option('--publish', 'publish to the Hub dataset when the run ends (HF_TOKEN, HF_DATASET_REPO); a failed upload never fails the run');
  addSuiteOptions(command, ['profile']);
  command.action(async (options: RunCommandOptions & Record<string, unknown>) => {
    await runCommand(options);
    if (options.publish) {
      const { publishAfterRun } = await import('../../publish/index.js');
      const { resolveDbPath } = await import('../../store/index.js');
      await publishAfterRun({ dbPath: resolveDbPath(options.db ? resolve(options.db) : undefined), log: (line) => process.stderr.write(`matrix run: ${line}\n`) });
    }
  });
}

/** `matrix run` without its --publish step: a plain run, or a suite (test or bench mode). */
async function runCommand(options: RunCommandOptions & Record<string, unknown>): Promise<void> {
  {
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
