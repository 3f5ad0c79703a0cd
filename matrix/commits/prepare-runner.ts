import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, symlinkSync } from 'node:fs';
import path from 'node:path';

/** Top-level node_modules entries that are caches of the source checkout, not packages. */
const SKIP = new Set(['.cache', '.vite', '.vitest', '.package-lock.json']);

/**
 * Makes `dest` a runnable copy of the project at `source` as it is now (tracked and untracked,
 * not-ignored files: the user's uncommitted work included) whose node_modules is the source's, except
 * the packages in `overlays` (name → package folder), which point elsewhere — another transformers.js
 * version, or a library checkout under test. Sources are copied, not linked: Node resolves a module's
 * imports from its real path, so linked sources would still load the source's own packages.
 */
export function prepareRunner(source: string, dest: string, overlays: Readonly<Record<string, string>>): void {
  const files = execFileSync('git', ['ls-files', '-co', '--exclude-standard', '-z'], { cwd: source, maxBuffer: 64 * 1024 * 1024 })
    .toString('utf8')
    .split('\0')
    .filter((f) => f !== '' && !f.startsWith('node_modules/'));
  for (const file of files) {
    const from = path.join(source, file);
    if (!existsSync(from)) continue; // deleted in the working tree
    mkdirSync(path.dirname(path.join(dest, file)), { recursive: true });
    copyFileSync(from, path.join(dest, file));
  }
  for (const [name, dir] of Object.entries(overlays)) {
    const manifest = path.join(dir, 'package.json');
    const found = existsSync(manifest) ? (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name : undefined;
    if (found !== name) throw new Error(`${dir} is not the package ${name} (its package.json names ${found === undefined ? 'nothing' : JSON.stringify(found)})`);
  }
  linkNodeModules(path.join(source, 'node_modules'), path.join(dest, 'node_modules'), overlays);
}

function linkNodeModules(from: string, to: string, overlays: Readonly<Record<string, string>>): void {
  mkdirSync(to, { recursive: true });
  const scopes = new Set(Object.keys(overlays).filter((n) => n.startsWith('@')).map((n) => n.split('/')[0]!));
  for (const entry of readdirSync(from)) {
    if (SKIP.has(entry) || entry in overlays) continue;
    if (scopes.has(entry)) {
      mkdirSync(path.join(to, entry));
      for (const inner of readdirSync(path.join(from, entry))) {
        if (`${entry}/${inner}` in overlays) continue;
        symlinkSync(path.join(from, entry, inner), path.join(to, entry, inner), 'dir');
      }
    } else {
      symlinkSync(path.join(from, entry), path.join(to, entry), 'dir');
    }
  }
  for (const [name, dir] of Object.entries(overlays)) {
    mkdirSync(path.dirname(path.join(to, name)), { recursive: true });
    symlinkSync(path.resolve(dir), path.join(to, name), 'dir');
  }
}
