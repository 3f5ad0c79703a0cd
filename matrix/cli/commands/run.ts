/**
 * `matrix run [--family a,b] [--profile quick|full] [--shard i/n] [--db path]`: runs the generated
 * suite through vitest's Node API with the matrix reporter. Cells that fail are results, not
 * errors: the command exits non-zero only when the runner itself failed (a test file that could
 * not load, an unhandled error, a crashed worker) — 1 — or on bad input — 2.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import { closestMatches, MatrixError } from '../../errors.js';

export interface RunCommandOptions {
  family?: string;
  profile?: string;
  shard?: string;
  db?: string;
  /** Publish to the Hub dataset when the run ends (HF_TOKEN, HF_DATASET_REPO); never fails the run. */
  publish?: boolean;
}

/** What `matrix run` will do, after checking its input. */
export interface RunPlan {
  /** vitest file filters (one per family), empty = all generated tests. */
  filters: string[];
  profile: 'quick' | 'full';
  shard: string | undefined;
  dbPath: string | undefined;
}

/** Checks the options against the generated test files in `generatedDir`. Throws coded errors (exit 2). */
export function planRun(options: RunCommandOptions, generatedDir: string): RunPlan {
  const available = existsSync(generatedDir)
    ? readdirSync(generatedDir).filter((f) => f.endsWith('.test.ts')).map((f) => f.slice(0, -'.test.ts'.length)).sort()
    : [];
  if (available.length === 0) {
    throw new MatrixError('RUN_NO_GENERATED_TESTS', `No generated tests in ${generatedDir}.`, 'Generate them first: npm run generate -- --all');
  }
  const families = (options.family ?? '').split(',').map((f) => f.trim()).filter(Boolean);
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
  const profile = (options.profile ?? process.env.MATRIX_PROFILE ?? 'quick').trim().toLowerCase() || 'quick';
  if (profile !== 'quick' && profile !== 'full') {
    throw new MatrixError('RUN_UNKNOWN_PROFILE', `Unknown profile "${options.profile ?? profile}".`, 'Use --profile quick (CI) or --profile full (nightly).');
  }
  const shard = options.shard?.trim();
  if (shard !== undefined) {
    const m = /^(\d+)\/(\d+)$/.exec(shard);
    if (!m || Number(m[1]) < 1 || Number(m[1]) > Number(m[2])) {
      throw new MatrixError('RUN_BAD_SHARD', `--shard "${shard}" is not i/n with 1 ≤ i ≤ n.`, 'Example: --shard 1/4 runs the first quarter of the test files.');
    }
  }
  return {
    filters: families.map((f) => `generated-tests/${f}.test.ts`),
    profile,
    shard,
    dbPath: options.db ? resolve(options.db) : undefined,
  };
}

/** Runs `plan` with vitest (project `generated` of `config` unless told otherwise); returns the exit code. */
export async function runMatrix(plan: RunPlan, setup: { config?: string; project?: string | null } = {}): Promise<number> {
  const { startVitest } = await import('vitest/node');
  const { default: MatrixReporter } = await import('../../reporter/matrix-reporter.js');
  process.env.MATRIX_PROFILE = plan.profile;
  const vitest = await startVitest('test', plan.filters, {
    run: true,
    watch: false,
    config: setup.config,
    ...(setup.project === null ? {} : { project: setup.project ?? 'generated' }),
    ...(plan.shard ? { shard: plan.shard } : {}),
    reporters: ['default', new MatrixReporter({ db: plan.dbPath })],
  });
  try {
    const broken = vitest.state.getTestModules().filter((m) => m.errors().length > 0 && m.state() === 'failed' && m.children.size === 0);
    const unhandled = vitest.state.getUnhandledErrors();
    return broken.length > 0 || unhandled.length > 0 ? 1 : 0;
  } finally {
    await vitest.close();
  }
}

export function register(program: Command): void {
  program
    .command('run')
    .description('run the generated suite on the devices found and store every cell in the matrix database')
    .option('--family <names>', 'only these families (comma-separated model types, e.g. bert,gpt2)')
    .option('--profile <name>', 'measurement profile: quick (CI) or full (nightly)')
    .option('--shard <i/n>', 'run shard i of n (vitest --shard); use MATRIX_RUN_ID to give all shards one run')
    .option('--db <path>', 'database file (default: MATRIX_DB or .matrix/matrix.duckdb)')
    .option('--publish', 'publish to the Hub dataset when the run ends (HF_TOKEN, HF_DATASET_REPO); a failed upload never fails the run')
    .action(async (options: RunCommandOptions) => {
      const plan = planRun(options, join(process.cwd(), 'generated-tests'));
      process.exitCode = await runMatrix(plan);
      if (options.publish) {
        const { publishAfterRun } = await import('../../publish/index.js');
        const { resolveDbPath } = await import('../../store/index.js');
        await publishAfterRun({ dbPath: resolveDbPath(plan.dbPath), log: (line) => process.stderr.write(`matrix run: ${line}\n`) });
      }
    });
}
