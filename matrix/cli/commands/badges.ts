/** `matrix badges --out DIR`: SVG badges per family, device, family × device, and a summary. */
import { Option, type Command } from 'commander';
import { addFilterOptions, type FilterOptionValues } from '../../report/add-filter-options.js';

interface BadgesCliOptions extends FilterOptionValues {
  db?: string;
  run?: string;
  out: string;
  style: string;
}

export function register(program: Command): void {
  const command = program
    .command('badges')
    .description('write SVG badges (status and p50) per family, device and family × device, plus a summary')
    .requiredOption('--out <dir>', 'folder for the SVG files (created if missing)')
    .option('--db <file>', 'matrix database (default: $MATRIX_DB or .matrix/matrix.duckdb)')
    .option('--run <id>', 'run id (default: the latest run)')
    .addOption(new Option('--style <style>', 'badge style').choices(['flat', 'flat-square', 'plastic', 'for-the-badge']).default('flat'));
  addFilterOptions(command).action(async (options: BadgesCliOptions) => {
    const { writeBadges } = await import('../../report/write-badges.js');
    const { resolveDbPath } = await import('../../store/resolve-db-path.js');
    const { parseFilters } = await import('../../report/report-filters.js');
    const written = await writeBadges({
      dbPath: resolveDbPath(options.db),
      runId: options.run,
      filters: parseFilters(options),
      outDir: options.out,
      style: options.style as 'flat',
    });
    process.stdout.write(`Wrote ${written.length} badges and index.md to ${options.out}\n`);
  });
}
