/**
 * `matrix merge A.duckdb B.duckdb … --into OUT.duckdb`: one matrix from CI shards and runners.
 * Idempotent; runs keep their host, OS and shard. Two different results for one cell are listed on
 * stderr and the command exits 1 (the first merged result is kept), so CI never hides a conflict.
 */
import { resolve } from 'node:path';
import type { Command } from 'commander';

interface MergeCliOptions {
  into: string;
}

export function register(program: Command): void {
  program
    .command('merge')
    .description('merge matrix databases (shards, runners) into one; conflicting results for a cell are reported, not picked')
    .argument('<inputs...>', 'input database files (read-only)')
    .requiredOption('--into <file>', 'output database (created when missing; may already hold runs)')
    .action(async (inputs: string[], options: MergeCliOptions) => {
      const { mergeStores } = await import('../../store/index.js');
      const summary = await mergeStores(inputs.map((i) => resolve(i)), resolve(options.into));
      process.stdout.write(
        `Merged ${summary.inputs} database${summary.inputs === 1 ? '' : 's'} into ${options.into}: ` +
          `${summary.runIds.length} run${summary.runIds.length === 1 ? '' : 's'} (${summary.runIds.join(', ')}), ${summary.cellsWritten} cells\n`,
      );
      if (summary.conflicts.length > 0) {
        process.stderr.write(`matrix merge: ${summary.conflicts.length} conflicting result(s); the first merged was kept:\n`);
        for (const c of summary.conflicts.slice(0, 50)) {
          process.stderr.write(`  ${c.runId} ${c.resultKey}: kept ${c.keptFrom}, left out ${c.droppedFrom} (${c.differences.slice(0, 4).join('; ')})\n`);
        }
        process.exitCode = 1;
      }
    });
}
