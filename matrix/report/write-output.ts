/** Writes a command's output to --out FILE (creating its folder) or to stdout. */
import { checkOutputFile, writeCheckedFile } from './check-output-path.js';

/**
 * Writes `text` to `out`, or stdout when `out` is undefined. `dbPath` is the database the command read:
 * an --out that resolves to it (or to any DuckDB file) is refused before anything is written.
 */
export function writeOutput(text: string, out: string | undefined, dbPath?: string): void {
  if (out === undefined) {
    process.stdout.write(text);
    return;
  }
  const path = checkOutputFile('--out', out, dbPath);
  writeCheckedFile('--out', path, text);
  process.stderr.write(`Written to ${path}\n`);
}
