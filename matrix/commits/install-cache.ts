import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, symlinkSync } from 'node:fs';
import path from 'node:path';

/** How a folder got its node_modules. */
export interface InstallOutcome {
  reused: boolean;
  lockHash: string;
  ms: number;
}

/**
 * node_modules per lockfile: a folder whose package-lock.json hashes like one installed before gets a
 * link to that install instead of a new `npm ci` (the install is the slow part of measuring a commit).
 * Seed it with a checkout that is already installed.
 */
export class InstallCache {
  private readonly byHash = new Map<string, string>();

  /** Offers `dir`'s node_modules for its lockfile's hash (nothing when it has none). */
  seed(dir: string): void {
    const hash = lockHash(dir);
    if (hash && existsSync(path.join(dir, 'node_modules')) && !this.byHash.has(hash)) this.byHash.set(hash, path.join(dir, 'node_modules'));
  }

  /** Gives `dir` a node_modules: linked when its lockfile was installed before, else `npm ci` there. Throws with npm's reason. */
  async install(dir: string): Promise<InstallOutcome> {
    const started = performance.now();
    const hash = lockHash(dir);
    if (hash === null) throw new Error(`no package-lock.json in ${dir}: npm ci needs one`);
    const known = this.byHash.get(hash);
    if (known && !existsSync(path.join(dir, 'node_modules'))) {
      symlinkSync(known, path.join(dir, 'node_modules'), 'dir');
      return { reused: true, lockHash: hash, ms: performance.now() - started };
    }
    await npm(dir, ['ci', '--no-audit', '--no-fund']);
    this.byHash.set(hash, path.join(dir, 'node_modules'));
    return { reused: false, lockHash: hash, ms: performance.now() - started };
  }
}

/** sha256 of `dir`/package-lock.json, or null without one. */
export function lockHash(dir: string): string | null {
  const file = path.join(dir, 'package-lock.json');
  return existsSync(file) ? createHash('sha256').update(readFileSync(file)).digest('hex') : null;
}

/** Runs npm in `cwd`; rejects with the last lines npm printed. */
export function npm(cwd: string, args: readonly string[], env: NodeJS.ProcessEnv = process.env): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.platform === 'win32' ? 'npm.cmd' : 'npm', [...args], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const take = (chunk: Buffer): void => {
      output = (output + chunk.toString('utf8')).slice(-8_000);
    };
    child.stdout.on('data', take);
    child.stderr.on('data', take);
    child.on('error', (error) => reject(error));
    child.on('close', (code) => {
      if (code === 0) resolve();
      else {
        const lines = output.split('\n').filter((l) => /npm (error|ERR!)/.test(l)).slice(0, 4).map((l) => l.replace(/^npm (error|ERR!)\s*/, ''));
        reject(new Error(`npm ${args.join(' ')} failed (exit ${code}): ${lines.join(' ') || output.trim().split('\n').slice(-3).join(' ')}`));
      }
    });
  });
}
