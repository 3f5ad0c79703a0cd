/**
 * Guards for --out paths: output must never land on the matrix database (or any DuckDB file, or the
 * database's WAL), compared by file identity so a symlink or `./x/../m.duckdb` does not slip past, and
 * the path must be the kind the command writes (a file for report/compare/history, a folder for badges).
 */
import { closeSync, existsSync, mkdirSync, openSync, readSync, realpathSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import { OutputPathError } from './errors.js';

/** DuckDB's file magic: the bytes `DUCK` at offset 8 of the main header. */
const DUCKDB_MAGIC = Buffer.from('DUCK', 'ascii');
const MAGIC_OFFSET = 8;

/** Throws OutputPathError when `out` (option `option`) is `dbPath`, its WAL, or any DuckDB file; returns `out` resolved. */
export function refuseDatabaseOutput(option: string, out: string, dbPath: string | undefined): string {
  const path = resolve(out);
  const target = identity(path);
  if (dbPath !== undefined) {
    const db = identity(resolve(dbPath));
    if (target === db || target === `${db}.wal`) throw new OutputPathError(option, path, `is the matrix database${target === db ? '' : "'s write-ahead log"} (${dbPath}); writing there would destroy it`);
  }
  if (isDuckDbFile(path)) throw new OutputPathError(option, path, 'is a DuckDB database file; writing there would destroy it');
  return path;
}

/** Checks an --out FILE: not the database, not a folder, not under a file. Returns it resolved. */
export function checkOutputFile(option: string, out: string, dbPath: string | undefined): string {
  const path = refuseDatabaseOutput(option, out, dbPath);
  if (existsSync(path) && statSync(path).isDirectory()) throw new OutputPathError(option, path, 'is a folder; give a file name');
  const parent = nearestExisting(dirname(path));
  if (!statSync(parent).isDirectory()) throw new OutputPathError(option, path, `is under ${parent}, which is a file, not a folder`);
  return path;
}

/** Checks an --out DIR: a folder or nothing yet (not a file, not a device such as /dev/null). Returns it resolved. */
export function checkOutputDir(option: string, out: string): string {
  const path = resolve(out);
  const existing = nearestExisting(path);
  if (!statSync(existing).isDirectory()) {
    throw new OutputPathError(option, path, existing === path ? 'is not a folder (it is a file or a device)' : `is under ${existing}, which is a file, not a folder`);
  }
  return path;
}

/** Writes `text` to `path` (creating its folder); a filesystem error becomes OutputPathError (exit 2, no stack). */
export function writeCheckedFile(option: string, path: string, text: string): void {
  try {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, text);
  } catch (error) {
    throw new OutputPathError(option, path, `cannot be written (${(error as NodeJS.ErrnoException).code ?? String(error)})`, error);
  }
}

/** True when the file at `path` starts with DuckDB's header magic. */
export function isDuckDbFile(path: string): boolean {
  let fd: number | undefined;
  try {
    if (!statSync(path).isFile()) return false;
    fd = openSync(path, 'r');
    const head = Buffer.alloc(MAGIC_OFFSET + DUCKDB_MAGIC.length);
    const read = readSync(fd, head, 0, head.length, 0);
    return read === head.length && head.subarray(MAGIC_OFFSET).equals(DUCKDB_MAGIC);
  } catch {
    return false;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** The real path of `path`, or of its nearest existing ancestor joined with the rest (for files not written yet). */
function identity(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    const parent = dirname(path);
    return parent === path ? path : resolve(identity(parent), basename(path));
  }
}

function nearestExisting(path: string): string {
  let current = path;
  while (!existsSync(current) && dirname(current) !== current) current = dirname(current);
  return current;
}
