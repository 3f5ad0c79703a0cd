/**
 * Checks that a value may be written into generated code as an identifier: a PascalCase
 * name (transformers.js class names) that is not a reserved word or a shadowable global.
 */

/** The shape `{{ident}}` accepts. */
export const IDENTIFIER_PATTERN = /^[A-Z][A-Za-z0-9_]*$/;

const RESERVED: ReadonlySet<string> = new Set([
  ...'break case catch class const continue debugger default delete do else enum export extends false finally for function if import in instanceof new null return super switch this throw true try typeof var void while with yield'.split(' '),
  ...'let static implements interface package private protected public await async of as any unknown never declare type namespace module abstract readonly keyof infer is satisfies'.split(' '),
  ...'Infinity NaN undefined arguments eval globalThis'.split(' '),
]);

/** Returns why `value` is not a safe identifier, or null when it is. */
export function identifierProblem(value: unknown): string | null {
  if (typeof value !== 'string') {
    const kind = value === undefined || value === null ? String(value) : Array.isArray(value) ? 'an array' : `a ${typeof value}`;
    return `it is ${kind}, not a string`;
  }
  if (!IDENTIFIER_PATTERN.test(value)) return `it does not match ${IDENTIFIER_PATTERN}`;
  if (RESERVED.has(value)) return 'it is a reserved word or global';
  return null;
}
