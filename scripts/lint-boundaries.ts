/**
 * `npm run lint`: checks the import boundaries DESIGN.md sets.
 * - generated-tests/**.ts may import only `vitest` and `../matrix/harness/index.js`;
 * - generator/**.ts may import from matrix/ only matrix/harness/types.js and matrix/errors.js;
 * - matrix/**.ts outside matrix/suite/ may import from matrix/suite/ only its door, matrix/suite/index.js;
 * - a room (ROOMS) is entered only through its index.ts, and reaches out of itself only to what it lists;
 * - matrix/browser/ likewise is entered only through matrix/browser/index.js (ROOM_DOORS);
 * - matrix/forge/**.ts keeps its layout (scripts/forge-layout-rule.ts, matrix/forge/README.md).
 * Exit 1 naming each file and import that breaks a rule. `--root DIR` checks another tree.
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { forgeLayoutViolation, forgeTarget } from './forge-layout-rule.js';

/** One import that breaks a boundary. */
export interface BoundaryViolation {
  /** File path relative to the root, with forward slashes. */
  file: string;
  specifier: string;
  rule: string;
}

const GENERATED_ALLOWED: ReadonlySet<string> = new Set(['vitest', '../matrix/harness/index.js']);
const GENERATOR_ALLOWED_MATRIX: ReadonlySet<string> = new Set(['matrix/harness/types.js', 'matrix/errors.js']);
/** Rooms whose only door is their index.ts (for imports from elsewhere in matrix/). */
const ROOM_DOORS: readonly string[] = ['matrix/suite', 'matrix/browser'];

/** Rooms under matrix/: their only door is index.ts (STYLE.md 14); `reaches` lists the matrix/ files they may import. */
const ROOMS: ReadonlyArray<{ room: string; reaches: readonly string[] }> = [
  { room: 'matrix/recommend', reaches: ['matrix/errors.js', 'matrix/harness/types.js', 'matrix/report/mann-whitney-u.js', 'matrix/report/median.js'] },
  { room: 'matrix/publish', reaches: ['matrix/errors.js', 'matrix/harness/types.js', 'matrix/store/index.js', 'matrix/recommend/index.js'] },
  { room: 'matrix/server', reaches: ['matrix/errors.js', 'matrix/harness/types.js', 'matrix/store/index.js', 'matrix/publish/index.js', 'matrix/suite/index.js'] },
];

/** Imports that enter a room by another file than its index.ts, or leave it for a file it does not list. */
async function roomViolations(root: string): Promise<{ violations: BoundaryViolation[]; files: number }> {
  const violations: BoundaryViolation[] = [];
  const files = (await Promise.all(['matrix', 'scripts', 'bench'].map((d) => tsFiles(path.join(root, d))))).flat();
  for (const file of files) {
    const from = rel(root, file);
    for (const specifier of await importsOf(file)) {
      if (!specifier.startsWith('.')) continue;
      const target = rel(root, path.resolve(path.dirname(file), specifier));
      for (const { room, reaches } of ROOMS) {
        const inside = (p: string): boolean => p.startsWith(`${room}/`);
        if (!inside(from) && inside(target) && target !== `${room}/index.js`) {
          violations.push({ file: from, specifier, rule: `${room} is entered only through ${room}/index.js` });
        }
        if (inside(from) && !inside(target) && target.startsWith('matrix/') && !reaches.includes(target)) {
          violations.push({ file: from, specifier, rule: `${room} may import from matrix/ only ${reaches.join(', ')}` });
        }
      }
    }
  }
  return { violations, files: files.length };
}

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
  const matrixFiles = await tsFiles(matrixDir);
  for (const room of ROOM_DOORS) {
    const roomDir = path.join(root, room);
    for (const file of matrixFiles) {
      if (file.startsWith(roomDir + path.sep)) continue;
      for (const specifier of await importsOf(file)) {
        if (!specifier.startsWith('.')) continue;
        const target = path.resolve(path.dirname(file), specifier);
        if (target.startsWith(roomDir + path.sep) && rel(root, target) !== `${room}/index.js`) {
          violations.push({ file: rel(root, file), specifier, rule: `${room}/ is entered only through ${room}/index.js` });
        }
      }
    }
  }
  const rooms = await roomViolations(root);
  violations.push(...rooms.violations);
  const forgeDir = path.join(root, 'matrix', 'forge');
  const forge = await tsFiles(forgeDir);
  for (const file of forge) {
    for (const specifier of await importsOf(file)) {
      const to = forgeTarget(forgeDir, file, specifier);
      const violation = to === null ? null : forgeLayoutViolation(rel(forgeDir, file), to);
      if (violation) violations.push({ file: rel(root, file), specifier, rule: violation.rule });
    }
  }
  return { violations, filesChecked: generated.length + generator.length + Math.max(matrixFiles.length, rooms.files) };
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
