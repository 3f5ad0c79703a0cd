/**
 * The one CLI entry (`matrix`). Subcommands live in ./commands/<name>.ts, each exporting
 * `register(program: Command): void`; heavy imports stay inside their actions.
 * The one top-level catch sets the exit code: MatrixError → its exitCode (2 for bad input), else 1.
 */
import { Command, CommanderError } from 'commander';
import { MatrixError } from '../errors.js';
import { COMMANDS } from './commands.js';

async function main(argv: string[]): Promise<number> {
  const program = new Command('matrix')
    .description('model-matrix: which transformers.js model family works on which hardware, in which dtype, how fast')
    .exitOverride()
    .showHelpAfterError();
  for (const load of COMMANDS) {
    const mod = await load();
    mod.register(program);
  }
  try {
    await program.parseAsync(argv);
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2;
    throw error;
  }
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
