/**
 * Writes a folder so that it appears complete or not at all: `fill` writes into a hidden sibling
 * (`.<name>.partial-<pid>-<n>`), which is renamed into place only when `fill` returns. An error, Ctrl-C,
 * kill -9 or a full disk leaves at most that hidden sibling, never a partial folder at `dir`; the next
 * write to `dir` removes siblings left by processes that no longer run.
 */
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

let counter = 0;

export function writeFolderAtomically(dir: string, fill: (tmpDir: string) => void): void {
  const parent = dirname(dir);
  const name = basename(dir);
  mkdirSync(parent, { recursive: true });
  sweepStale(parent, name);
  const tag = `${process.pid}-${Date.now().toString(36)}-${counter++}`;
  const tmp = join(parent, `.${name}.partial-${tag}`);
  const old = join(parent, `.${name}.old-${tag}`);
  try {
    mkdirSync(tmp);
    fill(tmp);
    if (existsSync(dir)) renameSync(dir, old);
    renameSync(tmp, dir);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
    rmSync(old, { recursive: true, force: true });
  }
}

/** Removes `.<name>.partial-*` / `.<name>.old-*` siblings whose writing process is gone. */
function sweepStale(parent: string, name: string): void {
  const prefix = `.${name}.`;
  for (const entry of readdirSync(parent)) {
    if (!entry.startsWith(prefix)) continue;
    const match = /^(partial|old)-(\d+)-/.exec(entry.slice(prefix.length));
    if (match && !isRunning(Number(match[2]))) rmSync(join(parent, entry), { recursive: true, force: true });
  }
}

function isRunning(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
