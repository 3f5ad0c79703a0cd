/**
 * `matrix shards --count N [--from DB] [--index i] [--format json|families]`: splits the generated test
 * files into N shards balanced by the durations stored in DB (the previous night's matrix), falling back
 * to file counts without one. `--index i --format families` prints shard i as the comma-separated list
 * `matrix run --family` takes; the nightly runs each shard with it (and MATRIX_SHARD=i/N for the label).
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { Option, type Command } from 'commander';
import { MatrixError } from '../../errors.js';

interface ShardsCliOptions {
  count: string;
  family?: string;
  from?: string;
  index?: string;
  format: 'json' | 'families';
  out?: string;
}

export function register(program: Command): void {
  program
    .command('shards')
    .description('split the generated test files into shards balanced by the stored durations of a previous run')
    .requiredOption('--count <n>', 'number of shards')
    .option('--family <names>', 'only these families (comma-separated; default: every generated test file)')
    .option('--from <file>', 'matrix database with earlier runs (missing file: split by file count)')
    .option('--index <i>', 'only shard i (1-based)')
    .addOption(new Option('--format <format>', 'json (every shard with its files and expected time) or families (comma-separated, for matrix run --family)').choices(['json', 'families']).default('json'))
    .option('--out <file>', 'write to FILE instead of stdout')
    .action(async (options: ShardsCliOptions) => {
      const { positiveInteger } = await import('../../report/positive-integer.js');
      const { balanceShards } = await import('../../report/balance-shards.js');
      const { writeOutput } = await import('../../report/write-output.js');
      const count = positiveInteger('--count', options.count);
      const index = options.index === undefined ? undefined : positiveInteger('--index', options.index);
      if (index !== undefined && index > count) {
        throw new MatrixError('SHARDS_BAD_INDEX', `--index ${index} is larger than --count ${count}.`, `Give an index from 1 to ${count}.`);
      }
      if (index === undefined && options.format === 'families') {
        throw new MatrixError('SHARDS_NEED_INDEX', '--format families prints one shard, but no --index was given.', 'Add --index 1 (up to --count), or use --format json for every shard.');
      }
      const dir = join(process.cwd(), 'generated-tests');
      const { planRun } = await import('./run.js');
      // planRun checks the names against generated-tests/ (coded errors with the closest match).
      const wanted = planRun({ family: options.family }, dir).filters.map((f) => f.slice('generated-tests/'.length, -'.test.ts'.length));
      const families = wanted.length > 0 ? wanted : readdirSync(dir).filter((f) => f.endsWith('.test.ts')).map((f) => f.slice(0, -'.test.ts'.length)).sort();
      const durations = await storedDurations(options.from);
      const shards = balanceShards(families, count, durations);
      const known = families.filter((f) => durations.has(f)).length;
      process.stderr.write(`matrix shards: ${families.length} files in ${count} shards; ${known} with a stored duration${options.from ? ` (${options.from})` : ''}${known === 0 ? ', so split by count' : ''}\n`);
      const text = options.format === 'families'
        ? `${shards[index! - 1]!.files.join(',')}\n`
        : `${JSON.stringify(index === undefined ? shards : [shards[index - 1]], null, 2)}\n`;
      writeOutput(text, options.out);
    });
}

async function storedDurations(from: string | undefined): Promise<Map<string, number>> {
  if (from === undefined || !existsSync(from)) return new Map();
  const { openReadonly } = await import('../../report/open-readonly.js');
  const { familyDurations } = await import('../../report/family-durations.js');
  const store = await openReadonly(from);
  try {
    return await familyDurations(store);
  } finally {
    store.close();
  }
}
