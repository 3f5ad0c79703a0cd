/**
 * `matrix bench <model...>`: the one-line benchmark. Each argument is a model folder, a config.json
 * (forged at its dimensions), a Hub id (`org/name`) or a forged family; tasks come from the model's
 * architecture, devices are every one found, dtypes every one the model has. Suite flags
 * (`--batch-sizes 1,8`, `--seq-lengths 128`, `--dtypes`, `--profile`, `--parallel`, ...) are derived from
 * the suite schema. Cells run in this process (no vitest) and are stored like any run.
 */
import { existsSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { Command } from 'commander';
// The option table is needed at registration time (commander must know the flags before parsing); the door loads
// no transformers.js or DuckDB until a bench runs.
import { addSuiteOptions, type LoadedSuite } from '../../suite/index.js';

/** The suite entry an argument names. */
export function modelEntryFor(arg: string): Record<string, string> {
  if (existsSync(arg) && statSync(arg).isDirectory()) return { path: arg };
  if (existsSync(arg) && arg.endsWith('.json')) return { forge: arg };
  if (/^[A-Za-z0-9][A-Za-z0-9._-]*\/[A-Za-z0-9][A-Za-z0-9._-]*$/.test(arg)) return { id: arg };
  return { family: arg };
}

/** Runs a bench-mode suite and stores it; returns the exit code (0, or 1 when any cell failed outright). */
export async function runBenchSuite(loaded: LoadedSuite, options: { db?: string | undefined; log?: (line: string) => void }): Promise<number> {
  const started = performance.now();
  const log = options.log ?? ((line: string) => process.stdout.write(`${line}\n`));
  const [{ benchSuite }, { runInfo }, { storeRun }] = await Promise.all([import('../../suite/index.js'), import('../../harness/run-info.js'), import('../../store/index.js')]);
  const stateDir = resolve(options.db ? dirname(resolve(options.db)) : process.env.MATRIX_DB ? dirname(resolve(process.env.MATRIX_DB)) : '.matrix');
  const run = { ...runInfo({ env: process.env, profile: loaded.suite.profile ?? 'bench' }), suite: loaded.name };
  const result = await benchSuite(loaded.suite, { stateDir, ortVersion: run.ortVersion, log });
  run.profile = result.profileLabel;
  const cellsMs = performance.now() - started;
  const outcome = await storeRun({ run, devices: result.devices, cells: result.cells, interrupted: false, finishedAt: new Date().toISOString() }, options.db ? { path: options.db } : {});
  const counts = new Map<string, number>();
  for (const c of result.cells) counts.set(c.status, (counts.get(c.status) ?? 0) + 1);
  log(`bench ${loaded.name}: ${result.cells.length} cells (${[...counts].map(([s, n]) => `${n} ${s}`).join(', ')}) in ${(cellsMs / 1000).toFixed(2)} s (cells ${(result.cellsWallMs / 1000).toFixed(2)} s) · profile ${result.profileLabel} · devices ${result.devicesCached ? 'from cache' : 'probed'} · run ${run.runId} → ${outcome.dbPath}`);
  return (counts.get('fail') ?? 0) > 0 ? 1 : 0;
}

export function register(program: Command): void {
  const command = program
    .command('bench')
    .description('benchmark any model: a folder, a config.json (forged at its dimensions), a Hub id or a forged family')
    // The models are read from command.args, not declared as an argument: a declared `<model...>` widens the
    // command column of `matrix --help` for every other line.
    .usage('[options] <model...>   (model folder, config.json, org/name Hub id, or family name)')
    .allowExcessArguments(true)
    .option('--db <path>', 'database file (default: MATRIX_DB or .matrix/matrix.duckdb)');
  addSuiteOptions(command, ['mode']);
  command.action(async (flags: Record<string, unknown>, self: Command) => {
    const { validateSuite, suiteFieldsFromFlags } = await import('../../suite/index.js');
    const models = self.args;
    if (models.length === 0) {
      const { MatrixError } = await import('../../errors.js');
      throw new MatrixError('BENCH_NO_MODEL', 'matrix bench needs at least one model.', 'e.g. `matrix bench ./models/all-MiniLM-L6-v2`, `matrix bench Xenova/bert-base-uncased`, `matrix bench bert`.');
    }
    const suite = validateSuite({ ...suiteFieldsFromFlags(flags), mode: 'bench', models: models.map(modelEntryFor) }, 'matrix bench arguments');
    process.exitCode = await runBenchSuite({ suite, file: '', name: suite.name ?? 'bench' }, { db: flags.db as string | undefined });
  });
}
