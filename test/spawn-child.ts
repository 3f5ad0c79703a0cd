/**
 * Runs a Node child process for a test and collects its output. The child gets a hermetic environment:
 * none of the variables of the run around the test (cell journal, run id, local models, retries).
 */
import { spawn } from 'node:child_process';

export interface ChildOutcome {
  code: number | null;
  stdout: string;
  stderr: string;
  /** stdout and stderr interleaved as they came. */
  output: string;
}

export function spawnChild(argv: string[], env: Record<string, string> = {}, cwd?: string): Promise<ChildOutcome> {
  const { MATRIX_CELL_JOURNAL: _j, MATRIX_RUN_ID: _r, MATRIX_MODELS: _m, MATRIX_RETRIES: _n, ...inherited } = process.env;
  const proc = spawn(process.execPath, argv, { cwd, env: { ...inherited, NO_COLOR: '1', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  const out = { stdout: '', stderr: '', output: '' };
  proc.stdout.on('data', (d: Buffer) => ((out.stdout += d.toString()), (out.output += d.toString())));
  proc.stderr.on('data', (d: Buffer) => ((out.stderr += d.toString()), (out.output += d.toString())));
  return new Promise((done) => proc.on('close', (code) => done({ code, ...out })));
}
