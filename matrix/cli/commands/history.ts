/** `matrix history`: each cell's p50 and status over the last runs, with anomalies marked. */
import { Option, type Command } from 'commander';
import { addFilterOptions, type FilterOptionValues } from '../../report/add-filter-options.js';

interface HistoryCliOptions extends FilterOptionValues {
  db?: string;
  run?: string;
  format: string;
  out?: string;
  last: string;
  window: string;
  k: string;
  anomalies?: boolean;
  runs?: boolean;
}

export function register(program: Command): void {
  const command = program
    .command('history')
    .description('trend of each cell over the last runs, anomalies marked; --runs lists the runs')
    .option('--db <file>', 'matrix database (default: $MATRIX_DB or .matrix/matrix.duckdb)')
    .option('--run <id>', 'history up to this run (default: the latest)')
    .addOption(new Option('--format <format>', 'output format').choices(['terminal', 'md', 'json']).default('terminal'))
    .option('--out <file>', 'write to FILE instead of stdout')
    .option('--last <n>', 'how many runs back', '30')
    .option('--window <n>', 'previous points forming the baseline of the anomaly test', '10')
    .option('--k <x>', 'anomaly when a point is more than k robust standard deviations (1.4826·MAD) from the baseline median', '3')
    .option('--anomalies', 'only cells with an anomaly')
    .option('--runs', 'list the runs in the store instead');
  addFilterOptions(command).action(async (options: HistoryCliOptions) => {
    const { runHistory } = await import('../../report/run-history.js');
    const { resolveDbPath } = await import('../../store/resolve-db-path.js');
    const { parseFilters } = await import('../../report/report-filters.js');
    const { colorLevel } = await import('../../report/color-level.js');
    const { writeOutput } = await import('../../report/write-output.js');
    const dbPath = resolveDbPath(options.db);
    const { positiveInteger } = await import('../../report/positive-integer.js');
    const { positiveNumber } = await import('../../report/positive-number.js');
    const text = await runHistory({
      dbPath,
      runId: options.run,
      filters: parseFilters(options),
      format: options.format as 'terminal',
      lastRuns: positiveInteger('--last', options.last),
      window: positiveInteger('--window', options.window),
      k: positiveNumber('--k', options.k),
      anomaliesOnly: options.anomalies === true,
      listRuns: options.runs === true,
      colorLevel: options.out !== undefined ? 0 : colorLevel(),
    });
    writeOutput(text, options.out, dbPath);
  });
}
