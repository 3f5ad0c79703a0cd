/** `matrix recommend`: the device and dtype to ship per model and platform, the runner-up, fallbacks, and why. */
import { Option, type Command } from 'commander';
import { addFilterOptions, type FilterOptionValues } from '../../report/add-filter-options.js';

interface RecommendCliOptions extends FilterOptionValues {
  db?: string;
  run?: string;
  model?: string;
  platform?: 'node' | 'web';
  metric: string;
  format: string;
  out?: string;
  alpha: string;
  threshold: string;
  minSamples: string;
}

export function register(program: Command): void {
  const command = program
    .command('recommend')
    .description('pick the device and dtype per model and platform from the passing, parity-checked cells (Mann–Whitney on the samples)')
    .option('--db <file>', 'matrix database (default: $MATRIX_DB or .matrix/matrix.duckdb)')
    .option('--run <id>', 'run id (default: the latest run)')
    .option('--model <id>', 'only this model id (e.g. Xenova/all-MiniLM-L6-v2, forged/bert)')
    .addOption(new Option('--platform <platform>', 'only this platform').choices(['node', 'web']))
    .addOption(new Option('--metric <metric>', 'what the pick is ranked by').choices(['latency', 'throughput', 'memory', 'load']).default('latency'))
    .addOption(new Option('--format <format>', 'output format').choices(['terminal', 'md', 'json']).default('terminal'))
    .option('--out <file>', 'write to FILE instead of stdout')
    .option('--alpha <p>', 'significance level of the Mann–Whitney U test', '0.05')
    .option('--threshold <percent>', 'smallest difference, in percent, that can make a cell win', '5')
    .option('--min-samples <n>', 'fewest timed samples a cell needs to be ranked', '5');
  addFilterOptions(command).action(async (options: RecommendCliOptions) => {
    const { runRecommend } = await import('../../report/run-recommend.js');
    const { resolveDbPath } = await import('../../store/resolve-db-path.js');
    const { parseFilters } = await import('../../report/report-filters.js');
    const { writeOutput } = await import('../../report/write-output.js');
    const { positiveInteger } = await import('../../report/positive-integer.js');
    const { positiveNumber } = await import('../../report/positive-number.js');
    const { RecommendOptionError } = await import('../../recommend/index.js');
    const alpha = Number(options.alpha);
    if (!(alpha > 0 && alpha < 1)) throw new RecommendOptionError('--alpha', options.alpha, 'a probability between 0 and 1, e.g. 0.05');
    const dbPath = resolveDbPath(options.db);
    const text = await runRecommend({
      dbPath,
      runId: options.run,
      filters: parseFilters(options),
      ...(options.model ? { modelId: options.model } : {}),
      ...(options.platform ? { platform: options.platform } : {}),
      metric: options.metric as 'latency',
      alpha,
      thresholdPercent: positiveNumber('--threshold', options.threshold),
      minSamples: positiveInteger('--min-samples', options.minSamples),
      format: options.format as 'terminal',
    });
    writeOutput(text, options.out, dbPath);
  });
}
