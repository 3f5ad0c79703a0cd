/**
 * Runs the reporter fixture suite (test/fixtures/reporter/vitest.fixture.config.ts: fixture test files with
 * the matrix reporter, as the generated suite runs) in its own vitest process. `onOutput` sees the output
 * as it grows (and every 100 ms, for conditions outside it such as a marker file) and may signal the process.
 */
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { join } from 'node:path';

export const VITEST_BIN = join(createRequire(import.meta.url).resolve('vitest/package.json'), '..', 'vitest.mjs');
export const FIXTURE_CONFIG = join(import.meta.dirname, 'fixtures/reporter/vitest.fixture.config.ts');
export const MATRIX_REPORTER = join(import.meta.dirname, '../matrix/reporter/matrix-reporter.ts');

export interface FixtureRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  output: string;
}

/** The vitest process's pid and a way to signal it, for `onOutput`. */
export interface FixtureProcess {
  pid: number;
  kill(signal: NodeJS.Signals): void;
}

/** `vitest <args> --config <fixture config>` with `env` (build it with childEnv). */
export function fixtureVitest(args: string[], env: NodeJS.ProcessEnv, onOutput?: (output: string, child: FixtureProcess) => void): Promise<FixtureRun> {
  const child = spawn(process.execPath, [VITEST_BIN, ...args, '--config', FIXTURE_CONFIG], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  const handle: FixtureProcess = { pid: child.pid ?? -1, kill: (signal) => child.kill(signal) };
  let output = '';
  const take = (d: Buffer) => {
    output += d.toString();
    onOutput?.(output, handle);
  };
  child.stdout.on('data', take);
  child.stderr.on('data', take);
  const poll = onOutput ? setInterval(() => onOutput(output, handle), 100) : undefined;
  return new Promise((resolve) =>
    child.on('close', (code, signal) => {
      clearInterval(poll);
      resolve({ code, signal, output });
    }),
  );
}
