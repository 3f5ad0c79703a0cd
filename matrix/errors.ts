/**
 * Base error of model-matrix. Every error carries a stable `code`, says what failed,
 * lists valid values where there are any, and names the next step (`hint`).
 * Each folder under matrix/ keeps its own subclasses in its own `errors.ts`.
 */
export class MatrixError extends Error {
  readonly code: string;
  readonly hint: string;
  /** Exit code the CLI uses for this error (2 = bad input, 1 = failure). */
  readonly exitCode: number;

  constructor(code: string, message: string, hint: string, options?: { cause?: unknown; exitCode?: number }) {
    super(hint ? `${message}\n  → ${hint}` : message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.hint = hint;
    this.exitCode = options?.exitCode ?? 2;
  }
}

/**
 * The one hint for a database written by a newer model-matrix, wherever it is found (store writer,
 * report commands). model-matrix is installed from its git checkout, not from npm.
 */
export const NEWER_SCHEMA_HINT =
  'Update model-matrix (git pull && npm ci) to read it, or point --db / MATRIX_DB at another file; nothing in the database was changed.';

/** Closest candidates to `input` by edit distance, for "did you mean" messages. */
export function closestMatches(input: string, candidates: readonly string[], max = 3): string[] {
  const scored = candidates.map((c) => ({ c, d: editDistance(input.toLowerCase(), c.toLowerCase()) }));
  scored.sort((a, b) => a.d - b.d || a.c.localeCompare(b.c));
  const limit = Math.max(2, Math.ceil(input.length / 3));
  return scored.filter((s) => s.d <= limit).slice(0, max).map((s) => s.c);
}

function editDistance(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0]!;
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const up = prev[j]!;
      prev[j] = Math.min(prev[j]! + 1, prev[j - 1]! + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = up;
    }
  }
  return prev[b.length]!;
}
