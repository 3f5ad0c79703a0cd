/**
 * The subcommands of `matrix`, in help order. Each module exports `register(program)`.
 * Adding a command = adding its file under ./commands and one line here. `main` loads only the
 * module of the command named on the command line (all of them for help or an unknown name).
 */
import type { Command } from 'commander';

export interface CommandModule {
  register(program: Command): void;
}

/** One subcommand: its name on the command line and how to load its module. */
export interface CommandEntry {
  name: string;
  load: () => Promise<CommandModule>;
}

export const COMMANDS: readonly CommandEntry[] = [
  { name: 'run', load: () => import('./commands/run.js') },
  { name: 'bench', load: () => import('./commands/bench.js') },
  { name: 'suite', load: () => import('./commands/suite.js') },
  { name: 'devices', load: () => import('./commands/devices.js') },
  { name: 'setup', load: () => import('./commands/setup.js') },
  { name: 'forge', load: () => import('./commands/forge.js') },
  { name: 'report', load: () => import('./commands/report.js') },
  { name: 'compare', load: () => import('./commands/compare.js') },
  { name: 'history', load: () => import('./commands/history.js') },
  { name: 'badges', load: () => import('./commands/badges.js') },
  { name: 'recommend', load: () => import('./commands/recommend.js') },
  { name: 'commits', load: () => import('./commands/commits.js') },
  { name: 'versions', load: () => import('./commands/versions.js') },
  { name: 'merge', load: () => import('./commands/merge.js') },
  { name: 'shards', load: () => import('./commands/shards.js') },
  { name: 'publish', load: () => import('./commands/publish.js') },
  { name: 'pull', load: () => import('./commands/pull.js') },
  { name: 'serve', load: () => import('./commands/serve.js') },
  { name: 'worker', load: () => import('./commands/worker.js') },
];
