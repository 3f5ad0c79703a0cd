/**
 * `matrix forge`: build tiny random-weight models in transformers.js layout.
 *   --family bert [--out DIR]           one family, every task a contract supports, all dtypes
 *   --all [--out DIR]                   every family (+ manifest.json)
 *   --coverage [--root DIR]             every family: forged-and-passing / forged-but-failing / not forged
 *   --config config.json [--tokenizer DIR] [--task T] [--out DIR]   real dimensions, random weights
 *   --check DIR                         validate a model folder (config, tokenizer, ONNX files)
 */
import type { Command } from 'commander';
import { MatrixError } from '../../errors.js';

interface ForgeOptions {
  family?: string;
  all?: boolean;
  coverage?: boolean;
  config?: string;
  tokenizer?: string;
  task?: string;
  check?: string;
  out: string;
  root?: string;
  json?: boolean;
}

export function register(program: Command): void {
  program
    .command('forge')
    .description('forge tiny random-weight models (all dtypes) that transformers.js loads offline')
    .option('--family <family>', 'forge one family (every task a contract supports)')
    .option('--all', 'forge every family of the registry and write manifest.json')
    .option('--coverage', 'forge (cached) and smoke-run every family; list passing / failing / not forged')
    .option('--config <path>', 'forge at the dimensions of a real config.json (random weights)')
    .option('--tokenizer <dir>', 'with --config: ship these real tokenizer files')
    .option('--task <task>', 'with --config: the task to forge (default: the family default)')
    .option('--check <dir>', 'validate a model folder: config.json, tokenizer files, ONNX files')
    .option('--out <dir>', 'output directory', '.matrix/forged')
    .option('--root <dir>', 'with --coverage: forge cache root (default .matrix/models)')
    .option('--json', 'with --coverage: print rows as JSON')
    .action(async (options: ForgeOptions) => {
      const modes = ['family', 'all', 'coverage', 'config', 'check'].filter((m) => options[m as keyof ForgeOptions] !== undefined);
      if (modes.length !== 1) {
        throw new MatrixError('FORGE_USAGE', `matrix forge needs exactly one of --family, --all, --coverage, --config, --check (got ${modes.length ? modes.map((m) => `--${m}`).join(', ') : 'none'})`, 'e.g. `matrix forge --family bert --out /tmp/bert`');
      }
      if (options.family) await forgeOne(options.family, options.out);
      else if (options.all) await forgeEverything(options.out);
      else if (options.coverage) await coverage(options.root, options.json === true);
      else if (options.config) await fromConfig(options);
      else if (options.check) await check(options.check);
    });
}

async function forgeOne(family: string, out: string): Promise<void> {
  const { deriveRegistry } = await import('../../../generator/registry.js');
  const { forgeFamily } = await import('../../forge/forge-family.js');
  const { UnknownForgeFamilyError, NotForgeableError } = await import('../../forge/errors.js');
  const registry = await deriveRegistry();
  const entry = registry.find((e) => e.family === family);
  if (!entry) throw new UnknownForgeFamilyError(family, registry.map((e) => e.family));
  const result = forgeFamily(entry, { outDir: out });
  const tasks = Object.keys(result.models);
  if (tasks.length === 0) throw new NotForgeableError(family, [...new Set(Object.values(result.skipped))].join(' | '));
  for (const [task, model] of Object.entries(result.models)) process.stdout.write(`forged ${out}/${model.path}  (${model.modelClass}, ${model.dtypes.join(' ')})\n`);
  for (const [task, reason] of Object.entries(result.skipped)) process.stdout.write(`skipped ${family}/${task}: ${reason}\n`);
}

async function forgeEverything(out: string): Promise<void> {
  const { forgeAll } = await import('../../forge/forge-all.js');
  const { forgeHash } = await import('../../forge/forge-hash.js');
  const started = performance.now();
  const manifest = await forgeAll({ outDir: out, forgeHash: forgeHash() });
  const models = Object.values(manifest.models).reduce((n, tasks) => n + Object.keys(tasks).length, 0);
  process.stdout.write(
    `forged ${Object.keys(manifest.models).length} families (${models} models, 4 dtypes each) into ${out} in ${((performance.now() - started) / 1000).toFixed(1)} s; ` +
      `${Object.keys(manifest.notForged).length} not forged (see ${out}/manifest.json)\n`,
  );
}

async function coverage(root: string | undefined, asJson: boolean): Promise<void> {
  const { forgeCoverage } = await import('../../forge/forge-coverage.js');
  const rows = await forgeCoverage({
    root,
    onRow: asJson ? undefined : (r) => process.stdout.write(`${r.family.padEnd(32)} ${r.status.padEnd(19)} ${r.forgedTasks.length ? `${r.passedTasks.length}/${r.forgedTasks.length} tasks ` : ''}${r.detail ?? ''}\n`),
  });
  if (asJson) {
    process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
    return;
  }
  const count = (s: string) => rows.filter((r) => r.status === s).length;
  process.stdout.write(
    `\n${rows.length} families: ${count('forged-and-passing')} forged-and-passing, ${count('forged-but-failing')} forged-but-failing, ${count('not-forged')} not forged\n`,
  );
}

async function fromConfig(options: ForgeOptions): Promise<void> {
  const { forgeFromConfig } = await import('../../forge/forge-from-config.js');
  const result = await forgeFromConfig({ configPath: options.config!, tokenizerDir: options.tokenizer, outDir: options.out, task: options.task });
  for (const model of Object.values(result.models)) process.stdout.write(`forged ${options.out}/${model.path}  (${model.modelClass}; ${model.notes})\n`);
  for (const warning of result.warnings) process.stderr.write(`warning: ${warning}\n`);
}

async function check(dir: string): Promise<void> {
  const { validateForgedFolder } = await import('../../forge/validate-forged-folder.js');
  const config = validateForgedFolder(dir);
  process.stdout.write(`ok ${dir} (model_type ${String(config.model_type)})\n`);
}
