/**
 * bin/compiled-cli.js: the transpile cache the read-only commands start from. Built in a temp project
 * root with a tiny CLI entry, run with plain node, kept in step with edited sources, and given up
 * (null, so bin/matrix.js falls back to tsx) when a source cannot be transpiled.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { childEnv } from './child-env.js';

type CompiledCli = (root: string) => Promise<string | null>;
const modulePath: string = resolve(import.meta.dirname, '../bin/compiled-cli.js');
const { compiledCli } = (await import(modulePath)) as { compiledCli: CompiledCli };

const roots: string[] = [];
afterEach(() => {
  for (const root of roots.splice(0)) rmSync(root, { recursive: true, force: true });
});

/** A project root with main.ts → greeting.ts, the dashboard asset folder and a node_modules/.cache to write to. */
function project(greeting: string): string {
  const root = mkdtempSync(join(tmpdir(), 'matrix-compiled-cli-'));
  roots.push(root);
  mkdirSync(join(root, 'matrix/cli'), { recursive: true });
  mkdirSync(join(root, 'matrix/report/dashboard'), { recursive: true });
  mkdirSync(join(root, 'node_modules'));
  writeFileSync(join(root, 'tsconfig.json'), '{ "compilerOptions": { "target": "ES2022", "strict": true } }\n');
  writeFileSync(join(root, 'matrix/report/dashboard/dashboard.css'), 'body { margin: 0 }\n');
  writeFileSync(join(root, 'matrix/cli/main.ts'), `import { greeting } from './greeting.js';\nconst name: string = 'matrix';\nprocess.stdout.write(greeting(name));\n`);
  writeGreeting(root, greeting);
  return root;
}

function writeGreeting(root: string, greeting: string): void {
  const file = join(root, 'matrix/cli/greeting.ts');
  writeFileSync(file, `export function greeting(name: string): string {\n  return \`${greeting} \${name}\\n\`;\n}\n`);
  // A fixed, distinct mtime per content, so the test does not depend on the file system's clock resolution.
  const when = new Date(Date.UTC(2025, 0, 1, 0, 0, greeting.length));
  utimesSync(file, when, when);
}

async function runEntry(url: string): Promise<string> {
  const { stdout } = await promisify(execFile)(process.execPath, [fileURLToPath(url)], { env: childEnv({ dbPath: join(tmpdir(), 'compiled-cli-unused.duckdb') }) });
  return stdout;
}

describe('compiledCli', () => {
  it('transpiles the entry and what it imports into node_modules/.cache, runnable with plain node', async () => {
    const root = project('hello');
    const url = await compiledCli(root);
    expect(url).toMatch(/node_modules\/\.cache\/model-matrix-cli\/build-[^/]+\/matrix\/cli\/main\.js$/);
    expect(await runEntry(url!)).toBe('hello matrix\n');
  });

  it('reuses the build while the sources are unchanged and rebuilds when one changes', async () => {
    const root = project('hello');
    const first = await compiledCli(root);
    expect(await compiledCli(root)).toBe(first);
    writeGreeting(root, 'good morning');
    const second = await compiledCli(root);
    expect(second).not.toBe(first);
    expect(await runEntry(second!)).toBe('good morning matrix\n');
  });

  it('gives up (null, so the caller uses tsx) when a source cannot be transpiled', async () => {
    const root = project('hello');
    writeFileSync(join(root, 'matrix/cli/greeting.ts'), 'export function greeting(name: string): string {\n  return (;\n}\n');
    expect(await compiledCli(root)).toBeNull();
  });

  it('gives up when the project has no CLI entry', async () => {
    const root = project('hello');
    rmSync(join(root, 'matrix/cli/main.ts'));
    expect(await compiledCli(root)).toBeNull();
  });
});
