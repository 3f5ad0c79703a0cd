/** `matrix report --speedup` in the terminal: accelerator cells against node cpu. */
import { Chalk } from 'chalk';
import type { ReportData } from './load-report.js';
import type { ColorLevel } from './render-terminal.js';
import { runHeadline } from './run-headline.js';
import { speedupTable } from './speedup-table.js';
import { textTable } from './text-table.js';

export function renderSpeedupTerminal(data: ReportData, colorLevel: ColorLevel): string {
  const chalk = new Chalk({ level: colorLevel });
  const lines = [chalk.bold(runHeadline(data.run)), '', chalk.bold('Speedup over node/cpu (same family, task, model, dtype, batch; cpu p50 ÷ device p50)')];
  if (data.speedup.length === 0) {
    lines.push('No accelerator cell has a measured node/cpu counterpart in this run.');
  } else {
    const table = speedupTable(data.speedup);
    const [head, ...body] = textTable([table.header, ...table.rows], table.rightAligned);
    lines.push(chalk.bold(head!), ...body.map((line, i) => (data.speedup[i]!.speedup >= 1 ? line : chalk.yellow(line))));
  }
  return `${lines.join('\n')}\n`;
}
