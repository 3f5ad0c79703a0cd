/** `matrix compare --base X --head Y`: status and significant latency changes between two runs. */
import { Option, type Command } from 'commander';
import { addFilterOptions, type FilterOptionValues } from '../../report/add-filter-options.js';

interface CompareCliOptions extends FilterOptionValues {
  db?: string;
  base: string;
  head: string;
  format: string;
  out?: string;
  alpha: string;
  threshold: string;
  failOnRegression?: boolean;
}

export function register(program: Command): void {
  const command = program
    .command('compare')
    .description('compare two runs cell by cell: status changes and latency changes that are statistically significant')
    .requiredOption('--base <ref>', 'base run: run id, git sha (prefix), or transformers.js version (latest run with it)')
    .requiredOption('--head <ref>', 'head run, same forms as --base')
    .option('--db <file>', 'matrix database (default: $MATRIX_DB or .matrix/matrix.duckdb)')
    .addOption(new Option('--format <format>', 'output format').choices(['terminal', 'md', 'json']).default('terminal'))
    .option('--out <file>', 'write to FILE instead of stdout')
    .option('--alpha <p>', 'significance level of the Mann–Whitney U test', '0.05')
    .option('--threshold <percent>', 'smallest change of the median latency, in percent, that counts', '5')
    .option('--fail-on-regression', 'exit 1 when a cell got worse or a latency regression is found');
  addFilterOptions(command).action(async (options: CompareCliOptions) => {
    const { runCompare } = await import('../../report/run-compare.js');
    const { resolveDbPath } = await import('../../store/resolve-db-path.js');
    const { parseFilters } = await import('../../report/report-filters.js');
    const { colorLevel } = await import('../../report/color-level.js');
    const { writeOutput } = await import('../../report/write-output.js');
    const dbPath = resolveDbPath(options.db);
    const { text, regressions } = await runCompare({
      dbPath,
      base: options.base,
      head: options.head,
      filters: parseFilters(options),
      format: options.format as 'terminal',
      alpha: options.alpha,
      thresholdPercent: options.threshold,
      colorLevel: options.out !== undefined ? 0 : colorLevel(),
    });
    writeOutput(text, options.out, dbPath);
    if (options.failOnRegression && regressions > 0) {
      process.stderr.write(`matrix compare: ${regressions} regression(s) between ${options.base} and ${options.head}\n`);
      process.exitCode = 1;
    }
  });
}
