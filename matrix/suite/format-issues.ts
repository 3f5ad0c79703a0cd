/**
 * zod issues as suite readers need them: one line per bad path, naming the value and the valid values
 * (`models[2].dtypes[0]: "q5" is not one of fp32, fp16, q8, q4`; `models[0].dtype: unknown key, valid
 * keys: family, id, ...`).
 */
import type { z } from 'zod';
import { formatPath } from './format-path.js';

/** One message per issue (an unknown-keys issue gives one per key), in document order. */
export function formatIssues(issues: readonly z.core.$ZodIssue[], schema: z.ZodType): string[] {
  return issues.flatMap((issue) => {
    const where = formatPath(issue.path);
    const got = 'input' in issue && issue.input !== undefined ? show(issue.input) : 'nothing';
    switch (issue.code) {
      case 'invalid_value':
        return [`${where}: ${got} is not one of ${issue.values.map(String).join(', ')}`];
      case 'unrecognized_keys': {
        const valid = keysAt(schema, issue.path);
        return issue.keys.map((key) => `${formatPath([...issue.path, key])}: unknown key${valid.length ? `; valid keys: ${valid.join(', ')}` : ''}`);
      }
      case 'invalid_type':
        return [`${where}: expected ${issue.expected}, got ${issue.input === undefined ? 'nothing (required)' : describeType(issue.input)}${issue.input === undefined ? '' : ` ${got}`}`];
      case 'too_small':
        return [issue.origin === 'array' ? `${where}: needs at least ${issue.minimum} item(s)` : `${where}: ${got} is below the minimum ${issue.minimum}`];
      case 'too_big':
        return [`${where}: ${got} is above the maximum ${issue.maximum}`];
      case 'invalid_format':
        return [`${where}: ${got} is not ${issue.message.replace(/^Invalid string: must match pattern .*$/, 'in the valid format')}`];
      default:
        return [`${where}: ${issue.message}${'input' in issue && issue.input !== undefined && issue.code !== 'custom' ? ` (got ${got})` : ''}`];
    }
  });
}

function show(value: unknown): string {
  const text = JSON.stringify(value);
  return text === undefined ? String(value) : text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

function describeType(value: unknown): string {
  return Array.isArray(value) ? 'array' : value === null ? 'null' : typeof value;
}

/** The keys an object schema at `path` accepts (through optional, default, array and pipe wrappers). */
export function keysAt(schema: z.ZodType, path: readonly PropertyKey[]): string[] {
  let node: unknown = schema;
  for (const part of [...path, null]) {
    node = unwrap(node);
    const def = (node as { def?: { type?: string; element?: unknown; shape?: Record<string, unknown> } }).def;
    if (part === null) return def?.type === 'object' && def.shape ? Object.keys(def.shape) : [];
    if (typeof part === 'number' && def?.type === 'array') node = def.element;
    else if (typeof part === 'string' && def?.type === 'object' && def.shape) node = def.shape[part];
    else return [];
  }
  return [];
}

function unwrap(node: unknown): unknown {
  let current = node as { def?: { type?: string; innerType?: unknown; in?: unknown } } | undefined;
  while (current?.def && ['optional', 'default', 'nullable', 'prefault', 'readonly'].includes(current.def.type ?? '')) {
    current = current.def.innerType as typeof current;
  }
  if (current?.def?.type === 'pipe') return unwrap(current.def.in);
  return current;
}
