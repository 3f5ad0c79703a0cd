import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { git } from './git.js';

/**
 * Detached git worktrees in one temporary folder, each at one commit, so the user's checkout, branch
 * and uncommitted work are never touched. `dispose()` removes them all (and prunes git's records of
 * them); it also runs on SIGINT/SIGTERM and process exit while the set is open, so a Ctrl-C or a
 * crash leaves no worktree behind.
 */
export class Worktrees {
  readonly root: string;
  private readonly created: string[] = [];
  private disposed = false;
  private readonly onSignal = (signal: NodeJS.Signals): void => {
    this.disposeSync();
    process.kill(process.pid, signal);
  };
  private readonly onExit = (): void => this.disposeSync();

  constructor(private readonly repo: string) {
    this.root = mkdtempSync(path.join(tmpdir(), 'matrix-commits-'));
    process.once('SIGINT', this.onSignal);
    process.once('SIGTERM', this.onSignal);
    process.once('exit', this.onExit);
  }

  /** A new worktree of `sha`, named `name` inside the root. */
  async add(sha: string, name: string): Promise<string> {
    const dir = path.join(this.root, name);
    await git(this.repo, ['worktree', 'add', '--detach', '--force', dir, sha]);
    this.created.push(dir);
    return dir;
  }

  /** Removes every worktree and the root; safe to call twice. */
  async dispose(): Promise<void> {
    if (this.disposed) return;
    for (const dir of this.created) await git(this.repo, ['worktree', 'remove', '--force', dir]).catch(() => undefined);
    this.disposeSync();
  }

  private disposeSync(): void {
    if (this.disposed) return;
    this.disposed = true;
    process.removeListener('SIGINT', this.onSignal);
    process.removeListener('SIGTERM', this.onSignal);
    process.removeListener('exit', this.onExit);
    rmSync(this.root, { recursive: true, force: true });
    // git's records of the folders removed above; synchronous, so it also runs from an 'exit' handler
    spawnSync('git', ['worktree', 'prune'], { cwd: this.repo, stdio: 'ignore' });
  }
}
