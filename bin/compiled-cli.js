/**
 * A transpile cache for the CLI, so the read-only commands start without tsx: tsx's loader thread and
 * per-module transform cost about 1 s of CPU per `matrix report`, more than the report itself.
 *
 * `compiledCli(root)` returns the file URL of `matrix/cli/main.js` transpiled (esbuild, one file per
 * source, same layout) into `node_modules/.cache/model-matrix-cli/<build>/`. The sources it was built
 * from are listed with their size and mtime in `current.json`; when any of them changed (or esbuild,
 * tsconfig.json or this file's FORMAT did), it is rebuilt first (about 1 s, once). It returns null when
 * it cannot build (no esbuild, read-only node_modules, a source esbuild rejects): the caller then runs
 * the TypeScript through tsx as before. Nothing here is a build step a user has to run.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

/** Bump when the layout or the esbuild options below change. */
const FORMAT = 2;
const ENTRY = 'matrix/cli/main.ts';
/** Commands that run from the transpiled code (publish and pull too: no vitest or forge code); the others (run, forge, devices) keep tsx. */
export const COMPILED_COMMANDS = ['report', 'compare', 'history', 'badges', 'publish', 'pull'];
/** Files read at run time relative to a module (not imported), copied next to the transpiled code. */
const ASSET_DIRS = ['matrix/report/dashboard'];
/** Builds older than this, other than the current one, are removed. */
const PRUNE_AFTER_MS = 60 * 60 * 1000;

/** URL of the transpiled CLI entry, rebuilt when stale; null when it cannot be built. */
export async function compiledCli(root) {
  const cacheDir = path.join(root, 'node_modules', '.cache', 'model-matrix-cli');
  const pointer = path.join(cacheDir, 'current.json');
  const current = readJson(pointer);
  if (current?.format === FORMAT && isFresh(root, current.sources)) return entryUrl(cacheDir, current.dir);
  try {
    const built = await build(root, cacheDir);
    const temp = `${pointer}.${process.pid}.${randomBytes(4).toString('hex')}`;
    fs.writeFileSync(temp, JSON.stringify(built));
    fs.renameSync(temp, pointer);
    prune(cacheDir, built.dir);
    return entryUrl(cacheDir, built.dir);
  } catch {
    return null;
  }
}

function entryUrl(cacheDir, dir) {
  return pathToFileURL(path.join(cacheDir, dir, ENTRY.replace(/\.ts$/, '.js'))).href;
}

function readJson(file) {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch {
    return null;
  }
}

/** True when every listed file still has the size and mtime it had when the build read it. */
function isFresh(root, sources) {
  if (!sources || typeof sources !== 'object') return false;
  for (const [file, stamp] of Object.entries(sources)) {
    let stat;
    try {
      stat = fs.statSync(path.join(root, file));
    } catch {
      return false;
    }
    if (stamp !== `${stat.size}:${stat.mtimeMs}`) return false;
  }
  return true;
}

function stampOf(root, file) {
  const stat = fs.statSync(path.join(root, file));
  return `${stat.size}:${stat.mtimeMs}`;
}

/** Transpiles every module the entry can import (statically or by a literal dynamic import). */
async function build(root, cacheDir) {
  // esbuild is tsx's own dependency: resolve it from tsx so the two always agree.
  const fromTsx = createRequire(createRequire(import.meta.url).resolve('tsx/package.json'));
  const esbuild = await import(pathToFileURL(fromTsx.resolve('esbuild')).href);
  const stamps = { 'tsconfig.json': stampOf(root, 'tsconfig.json'), [path.relative(root, fromTsx.resolve('esbuild'))]: stampOf(root, path.relative(root, fromTsx.resolve('esbuild'))) };
  const graph = await esbuild.build({
    absWorkingDir: root, entryPoints: [ENTRY], bundle: true, write: false, metafile: true,
    packages: 'external', platform: 'node', format: 'esm', logLevel: 'silent', plugins: [onlyCompiledCommands],
  });
  const inputs = Object.keys(graph.metafile.inputs).filter((f) => !f.includes('node_modules/'));
  // Stamped before the transpile reads them: an edit racing the build makes the next start rebuild.
  for (const file of inputs) stamps[file] = stampOf(root, file);
  const assets = ASSET_DIRS.flatMap((dir) => fs.readdirSync(path.join(root, dir)).map((name) => `${dir}/${name}`));
  for (const file of assets) stamps[file] = stampOf(root, file);

  fs.mkdirSync(cacheDir, { recursive: true });
  const dir = `build-${Date.now()}-${process.pid}`;
  const outDir = path.join(cacheDir, dir);
  const scripts = inputs.filter((f) => /\.[cm]?ts$/.test(f));
  await esbuild.build({
    absWorkingDir: root, entryPoints: scripts, outdir: outDir, outbase: '.', bundle: false,
    // No source maps: Node parsing them on every start cost ~0.05 s CPU; MATRIX_TSX=1 gives TypeScript stack traces.
    platform: 'node', format: 'esm', target: `node${process.versions.node.split('.')[0]}`, logLevel: 'silent',
  });
  for (const file of [...inputs.filter((f) => !scripts.includes(f)), ...assets]) {
    fs.mkdirSync(path.dirname(path.join(outDir, file)), { recursive: true });
    fs.copyFileSync(path.join(root, file), path.join(outDir, file));
  }
  // node_modules/ ends Node's search for "type": "module", so the build declares it itself.
  fs.writeFileSync(path.join(outDir, 'package.json'), '{ "type": "module" }\n');
  return { format: FORMAT, esbuild: esbuild.version, dir, sources: stamps };
}

/**
 * Help loads every command module, so their files are transpiled, but what the other commands load in
 * their actions is left out: edits there do not force a rebuild, and a broken file there cannot stop one.
 */
const onlyCompiledCommands = {
  name: 'only-compiled-commands',
  setup(build) {
    build.onResolve({ filter: /.*/ }, (args) => {
      const command = /matrix[\\/]cli[\\/]commands[\\/]([\w-]+)\.ts$/.exec(args.importer)?.[1];
      if (args.kind === 'dynamic-import' && command !== undefined && !COMPILED_COMMANDS.includes(command)) return { path: args.path, external: true };
      return undefined;
    });
  },
};

function prune(cacheDir, keep) {
  for (const name of fs.readdirSync(cacheDir)) {
    if (!name.startsWith('build-') || name === keep) continue;
    const full = path.join(cacheDir, name);
    try {
      if (Date.now() - fs.statSync(full).mtimeMs > PRUNE_AFTER_MS) fs.rmSync(full, { recursive: true, force: true });
    } catch {
      // another process pruned it first
    }
  }
}
