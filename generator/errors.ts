/**
 * Errors of the generator. Each carries a stable code, says what failed, lists the valid
 * values where there are any, and names the next step. Exit codes: 2 = bad input, 1 = failure.
 */
import { MatrixError, closestMatches } from '../matrix/errors.js';

const LIST_HINT = 'See npm run generate -- --list';

/** `--family` named a model type the installed transformers.js does not have. */
export class UnknownFamilyError extends MatrixError {
  readonly family: string;
  readonly suggestions: string[];
  constructor(family: string, known: readonly string[]) {
    const suggestions = suggest(family, known);
    super(
      'GEN_UNKNOWN_FAMILY',
      `Unknown model family "${family}".${didYouMean(suggestions)}`,
      `${LIST_HINT} for all ${known.length} families.`,
    );
    this.family = family;
    this.suggestions = suggestions;
  }
}

/** `--arch` named a kind that is not one of the architecture kinds. */
export class UnknownKindError extends MatrixError {
  readonly kind: string;
  readonly suggestions: string[];
  constructor(kind: string, known: readonly string[]) {
    const suggestions = suggest(kind, known);
    super(
      'GEN_UNKNOWN_KIND',
      `Unknown architecture kind "${kind}".${didYouMean(suggestions)} Valid kinds: ${known.join(', ')}.`,
      `${LIST_HINT} to see each family's kind.`,
    );
    this.kind = kind;
    this.suggestions = suggestions;
  }
}

/** The command line asked for nothing, or for contradictory things. */
export class UsageError extends MatrixError {
  constructor(message: string) {
    super(
      'GEN_USAGE',
      message,
      'Use one of --family NAME[,NAME], --arch KIND, --all, --list, optionally with --check and --out DIR.',
    );
  }
}

/** No template for a family's kind. */
export class TemplateMissingError extends MatrixError {
  constructor(templateName: string, templatesDir: string, available: readonly string[]) {
    super(
      'GEN_TEMPLATE_MISSING',
      `Template ${templateName} not found in ${templatesDir} (found: ${available.join(', ') || 'none'}).`,
      `Write ${templatesDir}/${templateName}, or generate only kinds that have a template (--arch KIND).`,
      { exitCode: 1 },
    );
  }
}

/** Handlebars failed to compile or render a template (syntax error, missing field under strict mode). */
export class TemplateRenderError extends MatrixError {
  readonly templateName: string;
  /** The family being rendered; null when the template failed to compile. */
  readonly family: string | null;
  constructor(templateName: string, family: string | null, detail: string, cause?: unknown) {
    super(
      'GEN_TEMPLATE_RENDER',
      family === null
        ? `templates/${templateName} failed to compile: ${detail}`
        : `templates/${templateName} failed to render family "${family}": ${detail}`,
      'Fix the template (strict mode: every field it names must exist in the render context { entry, templateName, harnessImport }).',
      { cause, exitCode: 1 },
    );
    this.templateName = templateName;
    this.family = family;
  }
}

/** `{{lit}}` got a value that has no JSON literal (undefined, a function, a cycle, NaN...). */
export class UnsafeLiteralError extends MatrixError {
  constructor(value: unknown, templateName: string, detail: string) {
    super(
      'GEN_UNSAFE_LITERAL',
      `{{lit}} in templates/${templateName} cannot emit ${describe(value)} as a literal: ${detail}${value === undefined ? ' (is the field name misspelt?)' : ''}.`,
      'Pass lit a JSON value (string, finite number, boolean, null, array, plain object); guard optional fields with {{#if}}.',
      { exitCode: 1 },
    );
  }
}

/** `{{ident}}` got a value that is not a safe PascalCase identifier. */
export class UnsafeIdentifierError extends MatrixError {
  constructor(value: unknown, templateName: string, detail: string) {
    super(
      'GEN_UNSAFE_IDENT',
      `{{ident}} in templates/${templateName} refused ${describe(value)}: ${detail}.`,
      'ident accepts only names matching /^[A-Z][A-Za-z0-9_]*$/ that are not reserved words; use {{lit}} for data.',
      { exitCode: 1 },
    );
  }
}

/** One type-check diagnostic in a generated file, with the template that produced it. */
export interface GeneratedDiagnostic {
  /** Path of the generated file, relative to the output root (e.g. `generated-tests/bert.test.ts`). */
  file: string;
  line: number;
  column: number;
  code: number;
  message: string;
  templateName: string;
}

/** Generated code did not type-check; nothing was written. */
export class GeneratedTypeError extends MatrixError {
  readonly diagnostics: GeneratedDiagnostic[];
  constructor(diagnostics: GeneratedDiagnostic[]) {
    const shown = diagnostics.slice(0, 20).map(formatDiagnostic);
    const more = diagnostics.length > shown.length ? [`… and ${diagnostics.length - shown.length} more`] : [];
    super(
      'GEN_TYPE_CHECK',
      `Generated code has ${diagnostics.length} type error(s); nothing was written.\n${[...shown, ...more].join('\n')}`,
      'Fix the named template (or the harness type it uses), then run the generator again.',
      { exitCode: 1 },
    );
    this.diagnostics = diagnostics;
  }
}

/** The harness's public type surface does not type-check on its own in the lean check Project. */
export class TypeSurfaceError extends MatrixError {
  readonly diagnostics: GeneratedDiagnostic[];
  constructor(diagnostics: GeneratedDiagnostic[]) {
    const shown = diagnostics.slice(0, 20).map((d) => `  ${d.file}:${d.line}:${d.column} TS${d.code}: ${d.message}`);
    super(
      'GEN_TYPE_SURFACE',
      `The harness type surface generated tests are checked against has ${diagnostics.length} type error(s); nothing was written.\n${shown.join('\n')}`,
      'matrix/harness/public-api.ts and the files it imports may use only vitest types and Tensor from @huggingface/transformers (see generator/type-check-project.ts); move anything else out of the public surface.',
      { exitCode: 1 },
    );
    this.diagnostics = diagnostics;
  }
}

/** `--check` found generated files that differ from what the generator would write. */
export class DriftError extends MatrixError {
  readonly drifted: string[];
  readonly missing: string[];
  readonly extra: string[];
  constructor(drifted: string[], missing: string[], extra: string[]) {
    const lines = [
      ...drifted.map((f) => `  drifted: ${f}`),
      ...missing.map((f) => `  missing: ${f}`),
      ...extra.map((f) => `  extra:   ${f}`),
    ];
    super(
      'GEN_DRIFT',
      `Generated tests are out of date (${drifted.length} drifted, ${missing.length} missing, ${extra.length} extra):\n${lines.join('\n')}`,
      'Run npm run generate -- --all and commit the result (never edit generated files by hand).',
      { exitCode: 1 },
    );
    this.drifted = drifted;
    this.missing = missing;
    this.extra = extra;
  }
}

/** Formats a diagnostic as `file:line:col TScode message (from templates/x.hbs)`. */
export function formatDiagnostic(d: GeneratedDiagnostic): string {
  return `  ${d.file}:${d.line}:${d.column} TS${d.code}: ${d.message} (from templates/${d.templateName})`;
}

/** Closest by edit distance, then names that contain the input (`decoder` → `decoder-only`). */
function suggest(input: string, known: readonly string[]): string[] {
  const needle = input.toLowerCase();
  const containing = needle.length >= 3 ? known.filter((k) => k.toLowerCase().includes(needle)) : [];
  return [...new Set([...closestMatches(input, known), ...containing])].slice(0, 3);
}

function didYouMean(suggestions: readonly string[]): string {
  return suggestions.length ? ` Did you mean ${suggestions.map((s) => `"${s}"`).join(', ')}?` : '';
}

function describe(value: unknown): string {
  if (value === undefined) return 'undefined';
  if (typeof value === 'function') return 'a function';
  try {
    const text = JSON.stringify(value);
    return text.length > 80 ? `${text.slice(0, 77)}...` : text;
  } catch {
    return Object.prototype.toString.call(value);
  }
}

/** `--out` names a file or a device (or a path under a file) instead of a folder. */
export class OutDirError extends MatrixError {
  constructor(outDir: string, problem: string) {
    super(
      'GEN_BAD_OUT',
      `--out ${outDir} ${problem}.`,
      'Give a folder (created if missing), e.g. --out generated-tests; nothing was written.',
    );
  }
}
