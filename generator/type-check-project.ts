/**
 * The ts-morph Project a run type-checks in. Built before the files exist (`warm()` parses and
 * binds the harness's public types and vitest's through a stand-in file), then `check(files)` adds
 * the generated text in memory at the path it will have and returns the diagnostics of those files.
 *
 * Lean by design: generated files are checked against the harness's PUBLIC type surface
 * (matrix/harness/public-api.ts: what a test can call, with which argument and return types), not
 * its implementation, whose imports drag in all of transformers.js's and Node's declarations
 * (~750 files, 6 MB, seconds of parsing). In this Project only:
 * - the generated files' `../matrix/harness/index.js` resolves to public-api.ts;
 * - `@huggingface/transformers`, imported by the surface for `Tensor` alone, resolves to
 *   transformers.js's own tensor declaration (types/utils/tensor.d.ts), the same class;
 * - no ambient `types` (no @types/node globals) and the tsconfig's ES libs without DOM.
 * The surface's own files must type-check clean under these rules, or the run stops with
 * GEN_TYPE_SURFACE (an import the remapping cannot honour would otherwise read as `any`).
 * test/generator-public-api.test.ts keeps public-api.ts in step with index.ts (compile-time) and
 * compares this check with one against the implementation; `npm run typecheck` (tsc over
 * everything, generated-tests/ included) checks generated files against the real harness in CI.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Project, SourceFile, ts as TsNamespace } from 'ts-morph';
import type { GeneratedDiagnostic } from './errors.js';

/** Where the check pretends the files are, so that `../matrix/harness/index.js` resolves. */
export interface CheckOptions {
  /** Repo root holding tsconfig.json and matrix/harness. */
  rootDir: string;
  /** Folder (relative to rootDir) the generated files are checked in; default `generated-tests`. */
  checkDirName?: string;
  /** tsconfig whose compiler options apply; default `<rootDir>/tsconfig.json`. */
  tsconfigPath?: string;
  /**
   * The harness type surface generated files are checked against, relative to rootDir; default
   * `matrix/harness/public-api.ts`. `false` checks against the implementation (index.ts, with all
   * of transformers.js's and Node's types): many times slower, for comparing the two.
   */
  publicApi?: string | false;
  /** Import specifiers the stand-in file loads while warming; default the harness and vitest. */
  warmImports?: readonly string[];
}

/** A generated file as the check needs it. */
export interface CheckedFile {
  fileName: string;
  text: string;
  templateName: string;
}

/** What a check found. */
export interface CheckResult {
  diagnostics: GeneratedDiagnostic[];
  /** Diagnostics in the harness's type surface itself (its files, not generated ones): must be empty. */
  surfaceDiagnostics: GeneratedDiagnostic[];
  /** Files besides the generated ones that the result depends on (absolute paths). */
  inputPaths: string[];
}

/** The import generated files reach the harness by. */
export const HARNESS_SPECIFIER = '../matrix/harness/index.js';
const TRANSFORMERS = '@huggingface/transformers';
const WARM_FILE = '__generator_warm_up__.ts';

/** One Project for one run: warm it early, check once. */
export class TypeCheckProject {
  private readonly checkDir: string;
  private project: Project | undefined;
  private warmFile: SourceFile | undefined;

  constructor(private readonly options: CheckOptions) {
    this.checkDir = path.join(options.rootDir, options.checkDirName ?? 'generated-tests');
  }

  /** Parses and binds everything generated files import, before they exist. */
  async warm(): Promise<void> {
    const project = this.ensureProject();
    const imports = this.options.warmImports ?? [HARNESS_SPECIFIER, 'vitest'];
    this.warmFile = project.createSourceFile(
      path.join(this.checkDir, WARM_FILE),
      imports.map((spec, i) => `import type * as warm${i} from ${JSON.stringify(spec)};`).join('\n'),
      { overwrite: true },
    );
    const program = project.getProgram().compilerObject;
    const sf = program.getSourceFile(this.warmFile.getFilePath());
    if (sf) program.getSemanticDiagnostics(sf); // creates the checker: binds every file once
  }

  /**
   * Every syntactic and semantic diagnostic in `files` (empty = clean), those of the harness's
   * type surface, and the paths of all other files the program read (a cached result's inputs).
   */
  async check(files: readonly CheckedFile[]): Promise<CheckResult> {
    if (files.length === 0) return { diagnostics: [], surfaceDiagnostics: [], inputPaths: [] };
    const project = this.ensureProject();
    const { ts } = loadTsMorph();
    if (this.warmFile) {
      project.removeSourceFile(this.warmFile);
      this.warmFile = undefined;
    }
    const placed = files.map((file) => ({
      file,
      path: project.createSourceFile(path.join(this.checkDir, file.fileName), file.text, { overwrite: true }).getFilePath(),
    }));
    const program = project.getProgram().compilerObject;
    const shownDir = path.relative(this.options.rootDir, this.checkDir);
    const diagnosticsOf = (sf: TsNamespace.SourceFile, file: string, templateName: string): GeneratedDiagnostic[] =>
      [...program.getSyntacticDiagnostics(sf), ...program.getSemanticDiagnostics(sf)].map((d) => {
        const { line, character } = sf.getLineAndCharacterOfPosition(d.start ?? 0);
        const message = ts.flattenDiagnosticMessageText(d.messageText, '\n');
        return { file, line: line + 1, column: character + 1, code: d.code, message, templateName };
      });
    const diagnostics: GeneratedDiagnostic[] = [];
    for (const { file, path: filePath } of placed) {
      const sf = program.getSourceFile(filePath);
      if (!sf) throw new Error(`internal: ${file.fileName} is missing from the type-check program`);
      diagnostics.push(...diagnosticsOf(sf, path.join(shownDir, file.fileName), file.templateName));
    }
    const generated = new Set<string>(placed.map((p) => p.path));
    const surfaceDiagnostics: GeneratedDiagnostic[] = [];
    if (this.options.publicApi !== false) {
      // The surface's own files (not declarations from packages): few, small, and must be clean.
      for (const sf of program.getSourceFiles()) {
        if (generated.has(sf.fileName) || sf.isDeclarationFile || program.isSourceFileFromExternalLibrary(sf)) continue;
        surfaceDiagnostics.push(...diagnosticsOf(sf, path.relative(this.options.rootDir, sf.fileName), ''));
      }
    }
    const inputPaths = program
      .getSourceFiles()
      .map((sf) => sf.fileName)
      .filter((name) => !generated.has(name));
    inputPaths.push(this.tsconfigPath(), createRequire(import.meta.url).resolve('ts-morph/package.json'));
    return { diagnostics, surfaceDiagnostics, inputPaths };
  }

  private tsconfigPath(): string {
    return this.options.tsconfigPath ?? path.join(this.options.rootDir, 'tsconfig.json');
  }

  private ensureProject(): Project {
    if (this.project) return this.project;
    const { Project, ts } = loadTsMorph();
    if (this.options.publicApi === false) {
      this.project = new Project({ tsConfigFilePath: this.tsconfigPath(), skipAddingFilesFromTsConfig: true });
      return this.project;
    }
    const publicApi = path.resolve(this.options.rootDir, this.options.publicApi ?? 'matrix/harness/public-api.ts');
    if (!existsSync(publicApi)) throw new Error(`the harness type surface ${publicApi} does not exist (CheckOptions.publicApi)`);
    const harnessDir = path.dirname(publicApi);
    const checkDir = this.checkDir;
    let tensorDeclaration: string | undefined;
    this.project = new Project({
      tsConfigFilePath: this.tsconfigPath(),
      skipAddingFilesFromTsConfig: true,
      compilerOptions: { types: [] },
      resolutionHost: (host, getCompilerOptions) => ({
        resolveModuleNames(names, containingFile) {
          const options = getCompilerOptions();
          const containingDir = path.dirname(containingFile);
          return names.map((name): TsNamespace.ResolvedModuleFull | undefined => {
            if (name === HARNESS_SPECIFIER && containingDir === checkDir) {
              return { resolvedFileName: publicApi, extension: ts.Extension.Ts, isExternalLibraryImport: false };
            }
            if (name === TRANSFORMERS && containingDir === harnessDir) {
              tensorDeclaration ??= transformersTensorDeclaration(ts, containingFile, options, host);
              return { resolvedFileName: tensorDeclaration, extension: ts.Extension.Dts, isExternalLibraryImport: true };
            }
            return ts.resolveModuleName(name, containingFile, options, host).resolvedModule;
          });
        },
      }),
    });
    // The tsconfig's ES libs, not DOM: generated tests run in Node and use no browser globals.
    const options = this.project.getCompilerOptions();
    if (options.lib) this.project.compilerOptions.set({ lib: options.lib.filter((lib) => !/dom|webworker|scripthost/i.test(lib)) });
    return this.project;
  }
}

/** transformers.js's tensor declaration, next to the package's resolved type entry. */
function transformersTensorDeclaration(
  ts: typeof TsNamespace,
  containingFile: string,
  options: TsNamespace.CompilerOptions,
  host: TsNamespace.ModuleResolutionHost,
): string {
  const entry = ts.resolveModuleName(TRANSFORMERS, containingFile, options, host).resolvedModule?.resolvedFileName;
  const tensor = entry ? path.join(path.dirname(entry), 'utils', 'tensor.d.ts') : undefined;
  if (!tensor || !existsSync(tensor)) {
    throw new Error(`cannot find ${TRANSFORMERS}'s tensor declaration (looked for types/utils/tensor.d.ts next to ${entry ?? 'its types'})`);
  }
  return tensor;
}

/** ts-morph through require: a CommonJS package, so import() would first scan it for named exports. */
function loadTsMorph(): typeof import('ts-morph') {
  return createRequire(import.meta.url)('ts-morph') as typeof import('ts-morph');
}
