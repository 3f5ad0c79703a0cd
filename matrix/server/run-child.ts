/**
 * Runs a command as a child process in its own process group, so a timeout or a cancel reaches the
 * whole tree (vitest's worker processes too): SIGTERM to the group, SIGKILL after a grace period.
 */
import { spawn } from 'node:child_process';
import { KILL_GRACE_MS } from './job-runner.js';

/** How a child ended. `tail` is the last few KB of its stdout and stderr together. */
export interface ChildEnd {
  code: number | null;
  signal: NodeJS.Signals | null;
  timedOut: boolean;
  aborted: boolean;
  durationMs: number;
  tail: string;
}

const TAIL_CHARS = 4_000;

/** Spawns `command args` and resolves when it has exited (never rejects; a spawn error is a code of null). */
export function runChild(
  command: string,
  args: readonly string[],
  options: { cwd: string; env: NodeJS.ProcessEnv; timeoutMs: number; signal: AbortSignal; graceMs?: number },
): Promise<ChildEnd> {
  const started = performance.now();
  return new Promise((resolve) => {
    let tail = '';
    let timedOut = false;
    let aborted = false;
    let killTimer: NodeJS.Timeout | undefined;
    const child = spawn(command, args, { cwd: options.cwd, env: options.env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    const keep = (chunk: Buffer): void => {
      tail = (tail + chunk.toString('utf8')).slice(-TAIL_CHARS);
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    const signalGroup = (signal: NodeJS.Signals): void => {
      try {
        if (child.pid !== undefined) process.kill(-child.pid, signal);
      } catch {
        // The group is gone already.
      }
    };
    const stop = (): void => {
      signalGroup('SIGTERM');
      killTimer = setTimeout(() => signalGroup('SIGKILL'), options.graceMs ?? KILL_GRACE_MS);
      killTimer.unref();
    };
    const timer = setTimeout(() => {
      timedOut = true;
      stop();
    }, options.timeoutMs);
    const onAbort = (): void => {
      aborted = true;
      stop();
    };
    if (options.signal.aborted) onAbort();
    else options.signal.addEventListener('abort', onAbort, { once: true });
    let settled = false;
    const finish = (code: number | null, signal: NodeJS.Signals | null, extra = ''): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (killTimer) clearTimeout(killTimer);
      // Leftover processes of the group (a worker that ignored SIGTERM) go too.
      signalGroup('SIGKILL');
      options.signal.removeEventListener('abort', onAbort);
      resolve({ code, signal, timedOut, aborted, durationMs: performance.now() - started, tail: tail + extra });
    };
    child.on('error', (error) => finish(null, null, `\n${error.message}`));
    child.on('close', (code, signal) => finish(code, signal));
  });
}
