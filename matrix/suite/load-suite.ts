/**
 * Reads a suite: a YAML or JSON file, or the name of a predefined suite in suites/. Parses with `yaml`
 * (JSON is YAML), refuses a literal publish token, substitutes `${VAR}`/`${VAR:-default}` and
 * validates with the suite schema; every problem is reported at once, with its path.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, extname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';
import { closestMatches } from '../errors.js';
import { SuiteInvalidError, SuiteReadError, UnknownSuiteError } from './errors.js';
import { formatIssues } from './format-issues.js';
import { substituteEnv } from './substitute-env.js';
import { SuiteSchema, type Suite } from './suite-schema.js';

/** The predefined suites shipped with model-matrix. */
export const SUITES_DIR = fileURLToPath(new URL('../../suites/', import.meta.url));

/** A validated suite and where it came from. */
export interface LoadedSuite {
  suite: Suite;
  /** The file read. */
  file: string;
  /** The suite's `name`, else the file's base name: stored as the run's `suite`. */
  name: string;
}

/** Names of the predefined suites in `dir` (file base names of *.yaml / *.yml / *.json). */
export function predefinedSuites(dir = SUITES_DIR): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).filter((f) => /\.(ya?ml|json)$/.test(f)).map((f) => basename(f, extname(f))).sort();
}

/** The file behind `nameOrPath`: an existing file, else a predefined suite of that name. */
export function resolveSuiteFile(nameOrPath: string, dir = SUITES_DIR): string {
  const asPath = resolve(nameOrPath);
  if (existsSync(asPath) && statSync(asPath).isFile()) return asPath;
  for (const ext of ['.yaml', '.yml', '.json']) {
    const file = join(dir, `${nameOrPath}${ext}`);
    if (/^[A-Za-z0-9._-]+$/.test(nameOrPath) && existsSync(file)) return file;
  }
  const known = predefinedSuites(dir);
  throw new UnknownSuiteError(nameOrPath, known, closestMatches(nameOrPath, known));
}

/** Loads and validates a suite file or predefined suite name. Throws SuiteReadError / SuiteInvalidError / SuiteEnvError. */
export function loadSuite(nameOrPath: string, options: { env?: NodeJS.ProcessEnv; dir?: string } = {}): LoadedSuite {
  const file = resolveSuiteFile(nameOrPath, options.dir);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new SuiteReadError(file, (error as Error).message, error);
  }
  const suite = parseSuite(text, file, options.env ?? process.env);
  return { suite, file, name: suite.name ?? basename(file, extname(file)) };
}

/** Parses and validates suite text (`where` names it in errors). */
export function parseSuite(text: string, where: string, env: NodeJS.ProcessEnv = process.env): Suite {
  let raw: unknown;
  try {
    raw = parseYaml(text, { prettyErrors: true, uniqueKeys: true });
  } catch (error) {
    throw new SuiteReadError(where, (error as Error).message.split('\n')[0] ?? 'not YAML or JSON', error);
  }
  return validateSuite(raw, where, env);
}

/** Validates an already parsed suite (a file's content, CLI flags, a server job body). */
export function validateSuite(raw: unknown, where: string, env: NodeJS.ProcessEnv = process.env): Suite {
  const problems = literalSecrets(raw);
  const substituted = substituteEnv(raw, env);
  const parsed = SuiteSchema.safeParse(substituted, { reportInput: true });
  if (!parsed.success) problems.push(...formatIssues(parsed.error.issues, SuiteSchema));
  if (problems.length > 0 || !parsed.success) throw new SuiteInvalidError(where, problems);
  return parsed.data;
}

/** A publish token must be a `${VAR}` reference: a literal one would be committed with the file. */
function literalSecrets(raw: unknown): string[] {
  const token = (raw as { publish?: { token?: unknown } } | null)?.publish?.token;
  if (token === undefined || (typeof token === 'string' && /^\$\{[A-Za-z_][A-Za-z0-9_]*\}$/.test(token))) return [];
  return ['publish.token: must be an environment reference such as ${HF_TOKEN}; a token written in the file would be committed (the value is not shown)'];
}
