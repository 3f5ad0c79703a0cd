/**
 * Turns a JSON value into TypeScript source for a literal that evaluates to that value and
 * cannot change the shape of the surrounding program: strings are double-quoted JSON with
 * line terminators escaped, and the sequences that could end a comment or a script tag
 * (`*\/`, `</`, `<!--`) or start a template substitution (backtick, `${`) are escaped too.
 */

/** Why a value has no literal; the caller wraps it in a coded error. */
export class LiteralValueError extends Error {}

/** TS source for `value`; throws LiteralValueError for undefined, functions, NaN, cycles, `__proto__` keys... */
export function jsLiteral(value: unknown): string {
  return emit(value, new Set<object>(), '$');
}

function emit(value: unknown, seen: Set<object>, path: string): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'string':
      return quote(value);
    case 'boolean':
      return String(value);
    case 'number':
      if (!Number.isFinite(value)) throw new LiteralValueError(`${path} is ${value}, which JSON cannot hold`);
      return Object.is(value, -0) ? '0' : String(value);
    case 'object':
      break;
    default:
      throw new LiteralValueError(`${path} is ${typeof value === 'undefined' ? 'undefined' : `a ${typeof value}`}`);
  }
  const object = value as object;
  if (seen.has(object)) throw new LiteralValueError(`${path} refers back to itself`);
  seen.add(object);
  try {
    if (Array.isArray(object)) {
      return `[${object.map((item, i) => emit(item, seen, `${path}[${i}]`)).join(', ')}]`;
    }
    const proto = Object.getPrototypeOf(object);
    if (proto !== Object.prototype && proto !== null) {
      throw new LiteralValueError(`${path} is a ${proto?.constructor?.name ?? 'non-plain'} object, not plain data`);
    }
    const parts: string[] = [];
    for (const [key, inner] of Object.entries(object)) {
      if (inner === undefined) continue; // as JSON.stringify: absent optional fields vanish
      if (key === '__proto__') throw new LiteralValueError(`${path} has a "__proto__" key, which would set the prototype`);
      parts.push(`${/^[A-Za-z_][A-Za-z0-9_]*$/.test(key) ? key : quote(key)}: ${emit(inner, seen, `${path}.${key}`)}`);
    }
    return parts.length ? `{ ${parts.join(', ')} }` : '{}';
  } finally {
    seen.delete(object);
  }
}

function quote(text: string): string {
  return JSON.stringify(text)
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029')
    .replace(/\*\//g, '*\\/')
    .replace(/<\//g, '<\\/')
    .replace(/<!--/g, '\\u003c!--')
    .replace(/`/g, '\\u0060')
    .replace(/\$\{/g, '\\u0024{');
}
