/** `matrix report`: the compatibility matrix of one run in the terminal, Markdown, CSV, JSON or HTML. */
import { Option, type Command } from 'commander';
import { addFilterOptions, type FilterOptionValues } from '../../report/add-filter-options.js';

interface ReportCliOptions extends FilterOptionValues {
  db?: string;
  run?: string;
  format: string;
  out?: string;
  speedup?: boolean;
  width?: string;
  historyPoints: string;
  by?: string;
}

export function register(program: Command): void {
  const command = program
    .command('report')
    .description('show the compatibility matrix of the latest run (or --run ID)')
    .option('--db <file>', 'matrix database (default: $MATRIX_DB or .matrix/matrix.duckdb)')
    .option('--run <id>', 'run id (default: the latest run)')
    .addOption(new Option('--format <format>', 'output format').choices(['terminal', 'md', 'csv', 'json', 'html']).default('terminal'))
    .option('--out <file>', 'write to FILE instead of stdout')
    .option('--speedup', 'only the speedup of each accelerator cell over node cpu')
    .option('--width <columns>', 'terminal width (default: the terminal’s, or 120 when piped)')
    .option('--history-points <n>', 'most points per cell history in the HTML dashboard', '60')
    .addOption(new Option('--by <dimension>', 'pivot throughput on a sweep dimension (terminal or md)').choices(['batch', 'seq', 'image']));
  addFilterOptions(command).action(async (options: ReportCliOptions) => {
    const { runReport } = await import('../../report/run-report.js');
    const { resolveDbPath } = await import('../../store/resolve-db-path.js');
    const { parseFilters } = await import('../../report/report-filters.js');
    const { colorLevel } = await import('../../report/color-level.js');
    const { writeOutput } = await import('../../report/write-output.js');
    const dbPath = resolveDbPath(options.db);
    const { positiveInteger } = await import('../../report/positive-integer.js');
    const toFile = options.out !== undefined;
    if (options.by !== undefined) {
      const { renderPivot } = await import('../../report/render-pivot.js');
      const { openReadonly } = await import('../../report/open-readonly.js');
      const { MatrixError } = await import('../../errors.js');
      if (options.format !== 'terminal' && options.format !== 'md') throw new MatrixError('REPORT_BAD_PIVOT_FORMAT', `--by works with --format terminal or md, not ${options.format}.`, 'Drop --format, or use --format md.');
      const store = await openReadonly(resolveDbPath(options.db));
      try {
        writeOutput(await renderPivot(store, options.by as 'batch', options.format, options.run), options.out);
      } finally {
        store.close();
      }
      return;
    }
    const text = await runReport({
      dbPath,
      runId: options.run,
      filters: parseFilters(options),
      format: options.format as 'terminal',
      speedup: options.speedup === true,
      colorLevel: toFile ? 0 : colorLevel(),
      widthColumns: options.width !== undefined ? positiveInteger('--width', options.width) : (process.stdout.columns ?? 120),
      historyPoints: positiveInteger('--history-points', options.historyPoints),
    });
    writeOutput(text, options.out, dbPath);
    const { pendingNote } = await import('../../report/pending-note.js');
    const note = pendingNote(dbPath);
    if (note !== undefined) process.stderr.write(`${note}\n`);
  });
}
