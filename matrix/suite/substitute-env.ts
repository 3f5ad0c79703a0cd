/**
 * `${VAR}` and `${VAR:-default}` in every string of a parsed suite, from the environment. A string
 * that is one reference alone and resolves to a number or boolean becomes that value
 * (`batchSizes: [ "${BATCH:-8}" ]` → `[8]`); anything else stays text. Unset without default → error.
 */
import { SuiteEnvError } from './errors.js';
import { formatPath } from './format-path.js';

const REFERENCE = /\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}/g;
const WHOLE = /^\$\{[A-Za-z_][A-Za-z0-9_]*(?::-[^}]*)?\}$/;

/** A copy of `value` with every reference substituted from `env`. */
export function substituteEnv(value: unknown, env: NodeJS.ProcessEnv, path: PropertyKey[] = []): unknown {
  if (typeof value === 'string') return substituteString(value, env, path);
  if (Array.isArray(value)) return value.map((v, i) => substituteEnv(v, env, [...path, i]));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, substituteEnv(v, env, [...path, k])]));
  }
  return value;
}

function substituteString(text: string, env: NodeJS.ProcessEnv, path: PropertyKey[]): unknown {
  const out = text.replace(REFERENCE, (_all, name: string, fallback: string | undefined) => {
    const set = env[name];
    if (set !== undefined && set !== '') return set;
    if (fallback !== undefined) return fallback;
    throw new SuiteEnvError(formatPath(path), name);
  });
  if (!WHOLE.test(text)) return out;
  if (/^-?\d+(\.\d+)?$/.test(out.trim())) return Number(out);
  if (out === 'true' || out === 'false') return out === 'true';
  return out;
}
