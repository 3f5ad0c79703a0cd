/**
 * Remembers which generated texts type-checked clean against which inputs, so a run whose
 * output and inputs are unchanged skips building the ts-morph Project (seconds) — the idea of
 * tsc's incremental build info. Inputs are every file the last check's program read (harness,
 * vitest, lib and library declarations, tsconfig) with a hash of its content; any change there
 * empties the clean set. Stored in node_modules/.cache/model-matrix/ (ignored by git).
 */
import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';

interface CacheFile {
  version: 1;
  /** Absolute path → sha1 of content, for every input of the last check. */
  inputs: Record<string, string>;
  /** Keys (`fileName` + sha1 of text) of generated files that checked clean against those inputs. */
  clean: string[];
}

/** The cache of one output layout; `load` it, ask `allClean`, `record` after a check. */
export class CheckCache {
  private inputs: Record<string, string> = {};
  private clean = new Set<string>();
  private inputsValid = false;

  constructor(private readonly file: string) {}

  /** Default cache location under a repo root. */
  static at(rootDir: string): CheckCache {
    return new CheckCache(path.join(rootDir, 'node_modules', '.cache', 'model-matrix', 'generator-check.json'));
  }

  /** Reads the cache and re-hashes its inputs; returns whether they are all unchanged. */
  async load(): Promise<boolean> {
    let parsed: CacheFile;
    try {
      parsed = JSON.parse(await readFile(this.file, 'utf8')) as CacheFile;
    } catch {
      return false; // absent or unreadable: a cold run
    }
    if (parsed.version !== 1 || !parsed.inputs || !Array.isArray(parsed.clean)) return false;
    const paths = Object.keys(parsed.inputs);
    if (paths.length === 0) return false;
    const hashes = await Promise.all(paths.map((p) => hashFile(p)));
    this.inputsValid = paths.every((p, i) => hashes[i] === parsed.inputs[p]);
    if (this.inputsValid) {
      this.inputs = parsed.inputs;
      this.clean = new Set(parsed.clean);
    }
    return this.inputsValid;
  }

  /** True when every file is known to check clean against unchanged inputs. */
  allClean(files: readonly { fileName: string; text: string }[]): boolean {
    return this.inputsValid && files.every((f) => this.clean.has(keyOf(f)));
  }

  /**
   * Records a check: `inputPaths` are the program's files besides the generated ones;
   * `cleanFiles` the generated files with no diagnostics. Inputs that changed reset the clean set.
   */
  async record(inputPaths: readonly string[], cleanFiles: readonly { fileName: string; text: string }[]): Promise<void> {
    const inputs: Record<string, string> = {};
    const hashes = await Promise.all(inputPaths.map((p) => hashFile(p)));
    inputPaths.forEach((p, i) => {
      if (hashes[i] !== undefined) inputs[p] = hashes[i]!;
    });
    const same =
      this.inputsValid &&
      Object.keys(inputs).length === Object.keys(this.inputs).length &&
      Object.entries(inputs).every(([p, h]) => this.inputs[p] === h);
    const clean = same ? new Set(this.clean) : new Set<string>();
    for (const f of cleanFiles) clean.add(keyOf(f));
    const data: CacheFile = { version: 1, inputs, clean: [...clean].sort() };
    await mkdir(path.dirname(this.file), { recursive: true });
    const temp = `${this.file}.${process.pid}.tmp`;
    await writeFile(temp, JSON.stringify(data));
    await rename(temp, this.file);
    this.inputs = inputs;
    this.clean = clean;
    this.inputsValid = true;
  }
}

function keyOf(file: { fileName: string; text: string }): string {
  return `${file.fileName}:${createHash('sha1').update(file.text).digest('hex')}`;
}

async function hashFile(file: string): Promise<string | undefined> {
  try {
    return createHash('sha1').update(await readFile(file)).digest('hex');
  } catch {
    return undefined;
  }
}
