/** The filter options shared by report, history and badges: comma-separated lists. */
import type { Command } from 'commander';

export interface FilterOptionValues {
  family?: string;
  arch?: string;
  task?: string;
  device?: string;
  dtype?: string;
}

export function addFilterOptions(command: Command): Command {
  return command
    .option('--family <names>', 'only these families (comma-separated)')
    .option('--arch <kinds>', 'only these architecture kinds (encoder-only, decoder-only, …)')
    .option('--task <tasks>', 'only these tasks')
    .option('--device <devices>', 'only these devices: cpu, cuda, … or platform/device (node/cpu, web/webgpu)')
    .option('--dtype <dtypes>', 'only these dtypes (fp32, fp16, q8, q4)');
}
