import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';

/** What to run in each commit or version: the generated suite (or some families) or a suite file. */
export interface SuiteSelection {
  /** Comma-separated families (`matrix run --family`). */
  family?: string;
  /** A suite file or predefined suite name (`matrix run --suite`). */
  suite?: string;
  /** Measurement profile (`quick` or `full`). */
  profile?: string;
}

/** Environment variables of the parent run that must not leak into a child run (issue 18: a run adopts only its own cells). */
const RUN_IDENTITY = ['MATRIX_CELL_JOURNAL', 'MATRIX_RUN_ID', 'MATRIX_SHARD', 'MATRIX_DB', 'MATRIX_RUN_LABEL'];

/**
 * Runs `matrix run` of the project in `dir` in a child process (one transformers.js, one onnxruntime
 * per process), writing into `dbPath` as run `runId`. Resolves with the exit code and the output's
 * tail; output also goes to `onOutput` as it comes.
 */
export function runSuiteChild(
  dir: string,
  input: { selection: SuiteSelection; dbPath: string; runId: string; env?: NodeJS.ProcessEnv; onOutput?: (text: string) => void },
): Promise<{ code: number | null; signal: NodeJS.Signals | null; tail: string }> {
  const bin = path.join(dir, 'bin', 'matrix.js');
  if (!existsSync(bin)) return Promise.resolve({ code: 127, signal: null, tail: `${bin} does not exist: this commit has no matrix CLI` });
  const args = [bin, 'run'];
  if (input.selection.family) args.push('--family', input.selection.family);
  if (input.selection.suite) args.push('--suite', input.selection.suite);
  if (input.selection.profile) args.push('--profile', input.selection.profile);
  const env: NodeJS.ProcessEnv = { ...(input.env ?? process.env) };
  for (const name of RUN_IDENTITY) delete env[name];
  env.MATRIX_DB = input.dbPath;
  env.MATRIX_RUN_ID = input.runId;
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, { cwd: dir, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let tail = '';
    const take = (chunk: Buffer): void => {
      const text = chunk.toString('utf8');
      tail = (tail + text).slice(-6_000);
      input.onOutput?.(text);
    };
    child.stdout.on('data', take);
    child.stderr.on('data', take);
    child.on('error', (error) => resolve({ code: 1, signal: null, tail: `${tail}\n${error.message}` }));
    child.on('close', (code, signal) => resolve({ code, signal, tail }));
  });
}
