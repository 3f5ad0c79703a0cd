import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** Runs git in `cwd` and returns its trimmed stdout; rejects with git's own stderr as the message. */
export async function git(cwd: string, args: readonly string[]): Promise<string> {
  try {
    const { stdout } = await run('git', [...args], { cwd, maxBuffer: 16 * 1024 * 1024, env: { ...process.env, GIT_TERMINAL_PROMPT: '0' } });
    return stdout.trimEnd();
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr?.trim();
    throw new Error(stderr || (error instanceof Error ? error.message : String(error)));
  }
}

/** The full sha of `ref` (a sha, branch or tag) in `repo`, or null when git does not know it. */
export async function resolveCommit(repo: string, ref: string): Promise<string | null> {
  if (!/^[\w./@^~{}-]+$/.test(ref) || ref.startsWith('-')) return null;
  try {
    return await git(repo, ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`]);
  } catch {
    return null;
  }
}

/** Tracked files with uncommitted changes (staged or not) in `repo`. */
export async function dirtyFiles(repo: string): Promise<string[]> {
  const out = await git(repo, ['status', '--porcelain', '--untracked-files=no']);
  return out === '' ? [] : out.split('\n').map((l) => l.slice(3));
}
