#!/usr/bin/env node
// Runs the TypeScript CLI with no build step. The read-only commands (report, compare, history, badges)
// and help run from a transpile cache that ./compiled-cli.js keeps in step with the sources; the others,
// and everything when that cache cannot be built or MATRIX_TSX=1 is set (TypeScript lines in stack traces),
// run through tsx.
import { fileURLToPath } from 'node:url';
import { COMPILED_COMMANDS, compiledCli } from './compiled-cli.js';

const command = process.argv.slice(2).find((arg) => !arg.startsWith('-'));
const compiled = process.env.MATRIX_TSX !== '1' && (command === undefined || command === 'help' || COMPILED_COMMANDS.includes(command))
  ? await compiledCli(fileURLToPath(new URL('..', import.meta.url)))
  : null;
if (compiled) {
  await import(compiled);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../matrix/cli/main.ts');
}
