/**
 * `npm run lint`: checks the import boundaries DESIGN.md sets.
 * - generated-tests/**.ts may import only `vitest` and `../matrix/harness/index.js`;
 * - generator/**.ts may import from matrix/ only matrix/harness/types.js and matrix/errors.js.
 * - a room listed in ONE_DOOR_ROOMS (matrix/publish, …) is imported from matrix/ and bench/ only through its index.ts.
 * Exit 1 naming each file and import that breaks a rule. `--root DIR` checks another tree.
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

/** One import that breaks a boundary. */
export interface BoundaryViolation {
  /** File path relative to the root, with forward slashes. */
  file: string;
  specifier: string;
  rule: string;
}

const GENERATED_ALLOWED: ReadonlySet<string> = new Set(['vitest', '../matrix/harness/index.js']);
/** Rooms entered only through their index.ts (one line per room). */
const ONE_DOOR_ROOMS: readonly string[] = ['matrix/publish'];
const GENERATOR_ALLOWED_MATRIX: ReadonlySet<string> = new Set(['matrix/harness/types.js', 'matrix/errors.js']);

/** Every boundary violation under `root` (empty when the boundaries hold). */
export async function lintBoundaries(root: string): Promise<{ violations: BoundaryViolation[]; filesChecked: number }> {
  const violations: BoundaryViolation[] = [];
  const generated = await tsFiles(path.join(root, 'generated-tests'));
  for (const file of generated) {
    for (const specifier of await importsOf(file)) {
      if (!GENERATED_ALLOWED.has(specifier)) {
        violations.push({
          file: rel(root, file),
          specifier,
          rule: 'generated tests may import only "vitest" and "../matrix/harness/index.js"',
        });
      }
    }
  }
  const generator = await tsFiles(path.join(root, 'generator'));
  const matrixDir = path.join(root, 'matrix');
  for (const file of generator) {
    for (const specifier of await importsOf(file)) {
      if (!specifier.startsWith('.')) continue;
      const target = path.resolve(path.dirname(file), specifier);
      if (target !== matrixDir && !target.startsWith(matrixDir + path.sep)) continue;
      if (!GENERATOR_ALLOWED_MATRIX.has(rel(root, target))) {
        violations.push({
          file: rel(root, file),
          specifier,
          rule: 'generator/ may import from matrix/ only matrix/harness/types.js and matrix/errors.js',
        });
      }
    }
  }
  // Rooms whose index.ts is their only door (STYLE.md 14): matrix/ and bench/ files outside a room import only its index.
  const outside = [...(await tsFiles(matrixDir)), ...(await tsFiles(path.join(root, 'bench')))];
  for (const room of ONE_DOOR_ROOMS) {
    const roomDir = path.join(root, room);
    for (const file of outside) {
      if (file.startsWith(roomDir + path.sep)) continue;
      for (const specifier of await importsOf(file)) {
        if (!specifier.startsWith('.')) continue;
        const target = path.resolve(path.dirname(file), specifier);
        if (target.startsWith(roomDir + path.sep) && target !== path.join(roomDir, 'index.js') && target !== path.join(roomDir, 'index.ts')) {
          violations.push({ file: rel(root, file), specifier, rule: `${room}/ is entered only through ${room}/index.js` });
        }
      }
    }
  }
  return { violations, filesChecked: generated.length + generator.length };
}

/** Import, export-from, dynamic import() and require() specifiers of a file. */
async function importsOf(file: string): Promise<string[]> {
  const info = ts.preProcessFile(await readFile(file, 'utf8'), true, true);
  return info.importedFiles.map((f) => f.fileName);
}

async function tsFiles(dir: string): Promise<string[]> {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true, recursive: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  return entries
    .filter((e) => e.isFile() && /\.(c|m)?tsx?$/.test(e.name) && !e.name.endsWith('.d.ts'))
    .map((e) => path.join(e.parentPath ?? (e as unknown as { path: string }).path, e.name))
    .sort();
}

function rel(root: string, file: string): string {
  return path.relative(root, file).split(path.sep).join('/');
}

async function main(argv: string[]): Promise<number> {
  const at = argv.indexOf('--root');
  const root = at >= 0 && argv[at + 1] ? path.resolve(argv[at + 1]!) : path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
  const { violations, filesChecked } = await lintBoundaries(root);
  for (const v of violations) process.stderr.write(`lint: ${v.file} imports "${v.specifier}": ${v.rule}\n`);
  if (violations.length > 0) {
    process.stderr.write(`lint: ${violations.length} boundary violation(s) in ${filesChecked} files. Move the import behind the harness (matrix/harness/index.ts) or into matrix/.\n`);
    return 1;
  }
  process.stdout.write(`lint: import boundaries hold (${filesChecked} files checked)\n`);
  return 0;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`lint: unexpected error: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exitCode = 1;
    },
  );
}
