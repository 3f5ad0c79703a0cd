/**
 * Type-checks all generated files of a run in ONE ts-morph Project: the generated text lives
 * in memory at the path it will have, and imports resolve to the real harness files through
 * the repo's tsconfig. Only diagnostics in generated files are reported.
 */
import path from 'node:path';
import type { GeneratedDiagnostic } from './errors.js';
import type { GeneratedFile } from './render-templates.js';

/** Where the check pretends the files are, so that `../matrix/harness/index.js` resolves. */
export interface CheckOptions {
  /** Repo root holding tsconfig.json and matrix/harness. */
  rootDir: string;
  /** Folder (relative to rootDir) the generated files are checked in; default `generated-tests`. */
  checkDirName?: string;
  /** tsconfig whose compiler options apply; default `<rootDir>/tsconfig.json`. */
  tsconfigPath?: string;
}

/** Returns every syntactic and semantic diagnostic in the generated files (empty = clean). */
export async function checkGenerated(files: readonly GeneratedFile[], options: CheckOptions): Promise<GeneratedDiagnostic[]> {
  if (files.length === 0) return [];
  const { Project, ts } = await import('ts-morph');
  const checkDir = path.join(options.rootDir, options.checkDirName ?? 'generated-tests');
  const project = new Project({
    tsConfigFilePath: options.tsconfigPath ?? path.join(options.rootDir, 'tsconfig.json'),
    skipAddingFilesFromTsConfig: true,
  });
  const placed = files.map((file) => ({
    file,
    source: project.createSourceFile(path.join(checkDir, file.fileName), file.text, { overwrite: true }),
  }));
  const program = project.getProgram().compilerObject;
  const diagnostics: GeneratedDiagnostic[] = [];
  for (const { file, source } of placed) {
    const sf = program.getSourceFile(source.getFilePath());
    if (!sf) throw new Error(`internal: ${file.fileName} is missing from the type-check program`);
    for (const d of [...program.getSyntacticDiagnostics(sf), ...program.getSemanticDiagnostics(sf)]) {
      const { line, character } = sf.getLineAndCharacterOfPosition(d.start ?? 0);
      diagnostics.push({
        file: path.join(path.relative(options.rootDir, checkDir), file.fileName),
        line: line + 1,
        column: character + 1,
        code: d.code,
        message: ts.flattenDiagnosticMessageText(d.messageText, '\n'),
        templateName: file.templateName,
      });
    }
  }
  return diagnostics;
}
