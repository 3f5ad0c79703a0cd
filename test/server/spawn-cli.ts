/**
 * Spawns `matrix serve` or `matrix worker` as a child process (the real CLI, for kill -9 tests), with
 * its own database and results folder and none of the parent's run, journal, model or Hub settings.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** A CLI child and what it printed so far. */
export interface CliChild {
  child: ChildProcess;
  output: () => string;
  /** Resolves with the first stdout line matching `pattern`. */
  waitFor: (pattern: RegExp, timeoutMs?: number) => Promise<RegExpMatchArray>;
  kill9: () => Promise<void>;
}

export function spawnCli(args: string[], dir: string, extraEnv: Record<string, string> = {}): CliChild {
  const env: NodeJS.ProcessEnv = { ...process.env, MATRIX_DB: join(dir, 'matrix.duckdb'), BENCHMARK_RESULTS_DIR: join(dir, 'results') };
  for (const name of ['MATRIX_CELL_JOURNAL', 'MATRIX_RUN_ID', 'MATRIX_MODELS', 'MATRIX_SHARD', 'HF_TOKEN', 'HF_DATASET_REPO', 'HF_ENDPOINT', 'MATRIX_SERVER_TOKEN', 'PORT']) delete env[name];
  Object.assign(env, extraEnv);
  const child = spawn(process.execPath, [join(ROOT, 'bin', 'matrix.js'), ...args], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let text = '';
  child.stdout!.on('data', (chunk: Buffer) => (text += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (text += chunk.toString()));
  return {
    child,
    output: () => text,
    waitFor: (pattern, timeoutMs = 30_000) =>
      new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no ${pattern} from matrix ${args[0]} in ${timeoutMs} ms; output:\n${text}`)), timeoutMs);
        const check = (): void => {
          const m = text.match(pattern);
          if (m) {
            clearTimeout(timer);
            child.stdout!.off('data', check);
            resolve(m);
          }
        };
        child.stdout!.on('data', check);
        child.once('exit', (code) => {
          clearTimeout(timer);
          if (!text.match(pattern)) reject(new Error(`matrix ${args[0]} exited (${code}) before ${pattern}; output:\n${text}`));
        });
        check();
      }),
    kill9: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGKILL');
      }),
  };
}
