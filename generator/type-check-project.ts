/**
 * The ts-morph Project a run type-checks in. Built before the files exist (`warm()` parses and
 * binds the harness, vitest and lib types through a stand-in file), then `check(files)` adds the
 * generated text in memory at the path it will have and returns the diagnostics of those files only.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Project, SourceFile } from 'ts-morph';
import type { GeneratedDiagnostic } from './errors.js';

/** Where the check pretends the files are, so that `../matrix/harness/index.js` resolves. */
export interface CheckOptions {
  /** Repo root holding tsconfig.json and matrix/harness. */
  rootDir: string;
  /** Folder (relative to rootDir) the generated files are checked in; default `generated-tests`. */
  checkDirName?: string;
  /** tsconfig whose compiler options apply; default `<rootDir>/tsconfig.json`. */
  tsconfigPath?: string;
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
  /** Files besides the generated ones that the result depends on (absolute paths). */
  inputPaths: string[];
}

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
    const project = await this.ensureProject();
    const imports = this.options.warmImports ?? ['../matrix/harness/index.js', 'vitest'];
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
   * Every syntactic and semantic diagnostic in `files` (empty = clean), and the paths of all
   * other files the program read (the inputs a cached result depends on).
   */
  async check(files: readonly CheckedFile[]): Promise<CheckResult> {
    if (files.length === 0) return { diagnostics: [], inputPaths: [] };
    const project = await this.ensureProject();
    const { ts } = await import('ts-morph');
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
    const diagnostics: GeneratedDiagnostic[] = [];
    for (const { file, path: filePath } of placed) {
      const sf = program.getSourceFile(filePath);
      if (!sf) throw new Error(`internal: ${file.fileName} is missing from the type-check program`);
      for (const d of [...program.getSyntacticDiagnostics(sf), ...program.getSemanticDiagnostics(sf)]) {
        const { line, character } = sf.getLineAndCharacterOfPosition(d.start ?? 0);
        diagnostics.push({
          file: path.join(shownDir, file.fileName),
          line: line + 1,
          column: character + 1,
          code: d.code,
          message: ts.flattenDiagnosticMessageText(d.messageText, '\n'),
          templateName: file.templateName,
        });
      }
    }
    const generated = new Set<string>(placed.map((p) => p.path));
    const inputPaths = program
      .getSourceFiles()
      .map((sf) => sf.fileName)
      .filter((name) => !generated.has(name));
    inputPaths.push(this.tsconfigPath(), createRequire(import.meta.url).resolve('ts-morph/package.json'));
    return { diagnostics, inputPaths };
  }

  private tsconfigPath(): string {
    return this.options.tsconfigPath ?? path.join(this.options.rootDir, 'tsconfig.json');
  }

  private async ensureProject(): Promise<Project> {
    if (!this.project) {
      const { Project } = await import('ts-morph');
      this.project = new Project({
        tsConfigFilePath: this.tsconfigPath(),
        skipAddingFilesFromTsConfig: true,
      });
    }
    return this.project;
  }
}
