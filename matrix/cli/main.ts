/**
 * The one CLI entry (`matrix`). Subcommands live in ./commands/<name>.ts, each exporting
 * `register(program: Command): void`; heavy imports stay inside their actions, and only the module of
 * the command asked for is loaded.
 * The one top-level catch sets the exit code: MatrixError → its exitCode (2 for bad input), else 1.
 */
import { Command, CommanderError } from 'commander';
import { MatrixError } from '../errors.js';
import { COMMANDS, type CommandEntry } from './commands.js';
import { versionsText } from './versions-text.js';

async function main(argv: string[]): Promise<number> {
  const program = new Command('matrix')
    .description('model-matrix: which transformers.js model family works on which hardware, in which dtype, how fast')
    .version(versionsText(), '-V, --version', 'print the versions of model-matrix, transformers.js and onnxruntime-node')
    .exitOverride()
    .showHelpAfterError();
  for (const entry of commandsFor(argv.slice(2))) (await entry.load()).register(program);
  try {
    await program.parseAsync(argv);
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2;
    throw error;
  }
}

/**
 * The commands to register: only the one named first on the command line (so `matrix report` loads no
 * forge or vitest code), or all of them for help, no command, or a name commander should suggest a fix for.
 */
function commandsFor(args: readonly string[]): readonly CommandEntry[] {
  const first = args.findIndex((a) => !a.startsWith('-'));
  const named = first < 0 ? undefined : COMMANDS.find((c) => c.name === args[first]);
  const helpBefore = args.slice(0, first < 0 ? args.length : first).some((a) => a === '-h' || a === '--help');
  return named && !helpBefore ? [named] : COMMANDS;
}

main(process.argv).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    if (error instanceof MatrixError) {
      process.stderr.write(`matrix: ${error.code}: ${error.message}\n`);
      process.exitCode = error.exitCode;
    } else {
      process.stderr.write(`matrix: unexpected error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exitCode = 1;
    }
  },
);
