/**
 * The command-line options of `matrix run --suite` and `matrix bench`, DERIVED from the suite schema's
 * top-level keys (one typed table, as vitest's cliOptionsConfig): a list key becomes `--batch-sizes 1,8`,
 * an enum `--profile bench`, a boolean `--parallel`. Values go back through the same schema, so a flag
 * and a suite file fail the same way. The server reuses the table for its job bodies.
 */
import type { Command } from 'commander';
import { SuiteSchema } from './suite-schema.js';

/** One derived option. */
export interface SuiteOption {
  /** Suite key, e.g. `batchSizes`. */
  key: string;
  /** Commander flag, e.g. `--batch-sizes <list>`. */
  flag: string;
  description: string;
  kind: 'list' | 'value' | 'flag';
  /** How values are read: integers, or text (an enum names its values in the description). */
  element: 'int' | 'number' | 'text';
  /** Valid values of an enum key or list, else empty. */
  values: readonly string[];
}

/** Keys a flag cannot express (structured), or that belong to the file only. */
const FILE_ONLY = new Set(['models', 'measure', 'publish', 'description', 'name']);

interface Def {
  type?: string;
  innerType?: { def: Def };
  element?: { def: Def };
  entries?: Record<string, string>;
  checks?: Array<{ _zod?: { def?: { check?: string; format?: string } } }>;
}

/** The table, in schema order. */
export const SUITE_OPTIONS: readonly SuiteOption[] = Object.freeze(
  Object.entries(SuiteSchema.shape)
    .filter(([key]) => !FILE_ONLY.has(key))
    .map(([key, schema]) => optionFor(key, schema as unknown as { def: Def; description?: string }))
    .filter((o): o is SuiteOption => o !== null),
);

function optionFor(key: string, schema: { def: Def; description?: string }): SuiteOption | null {
  let def = schema.def;
  let description = schema.description ?? '';
  while ((def.type === 'optional' || def.type === 'default') && def.innerType) {
    description ||= (def.innerType as { description?: string }).description ?? '';
    def = def.innerType.def;
  }
  const kebab = key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
  const scalar = (d: Def) => ({ element: elementOf(d), values: d.type === 'enum' && d.entries ? Object.values(d.entries) : [] });
  if (def.type === 'array' && def.element) {
    const { element, values } = scalar(def.element.def);
    return { key, flag: `--${kebab} <list>`, description: withValues(description, values, 'comma-separated'), kind: 'list', element, values };
  }
  if (def.type === 'boolean') return { key, flag: `--${kebab}`, description, kind: 'flag', element: 'text', values: [] };
  if (def.type === 'enum' || def.type === 'number' || def.type === 'string') {
    const { element, values } = scalar(def);
    return { key, flag: `--${kebab} <value>`, description: withValues(description, values), kind: 'value', element, values };
  }
  return null;
}

function elementOf(def: Def): SuiteOption['element'] {
  if (def.type !== 'number') return 'text';
  return def.checks?.some((c) => c._zod?.def?.format === 'safeint' || c._zod?.def?.check === 'number_format') ? 'int' : 'number';
}

function withValues(description: string, values: readonly string[], extra?: string): string {
  const parts = [extra, values.length ? `one of ${values.join(', ')}` : ''].filter(Boolean).join('; ');
  return parts ? `${description} (${parts})` : description;
}

/** Adds every derived option to `command`, except the keys in `skip` (options the command already has). */
export function addSuiteOptions(command: Command, skip: readonly string[] = []): Command {
  for (const option of SUITE_OPTIONS) if (!skip.includes(option.key)) command.option(option.flag, option.description);
  return command;
}

/** Suite fields from parsed commander options (camelCase keys); values are checked later by the schema. */
export function suiteFieldsFromFlags(flags: Record<string, unknown>): Record<string, unknown> {
  const fields: Record<string, unknown> = {};
  for (const option of SUITE_OPTIONS) {
    const raw = flags[option.key];
    if (raw === undefined) continue;
    if (option.kind === 'flag') fields[option.key] = raw === true;
    else if (option.kind === 'list') fields[option.key] = String(raw).split(',').map((v) => v.trim()).filter(Boolean).map((v) => read(v, option));
    else fields[option.key] = read(String(raw).trim(), option);
  }
  return fields;
}

function read(value: string, option: SuiteOption): unknown {
  if (option.element === 'text') return value;
  const n = Number(value);
  return value !== '' && Number.isFinite(n) ? n : value;
}
