/**
 * The subcommands of `matrix`, in help order. Each module exports `register(program)`.
 * Adding a command = adding its file under ./commands and one line here.
 */
import type { Command } from 'commander';

export interface CommandModule {
  register(program: Command): void;
}

export const COMMANDS: ReadonlyArray<() => Promise<CommandModule>> = [
  () => import('./commands/run.js'),
  () => import('./commands/devices.js'),
  () => import('./commands/forge.js'),
  () => import('./commands/report.js'),
  () => import('./commands/compare.js'),
  () => import('./commands/history.js'),
  () => import('./commands/badges.js'),
];
