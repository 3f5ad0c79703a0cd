/**
 * `npm run generate -- ...`: writes one type-checked vitest file per model family.
 *   --family bert[,gpt2]  --arch KIND  --all  --list [--why]  --check  --out DIR  --templates DIR
 * Exit codes: 0 done, 1 failed (type errors, drift), 2 bad input.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { MatrixError } from '../matrix/errors.js';
import { UsageError } from './errors.js';
import { formatList } from './format-list.js';
import { generate, REPO_ROOT, type GenerateSummary } from './generate.js';
import { deriveRegistry } from './registry.js';
import { selectFamilies, type FamilySelection } from './select-families.js';

const HELP = `Usage: npm run generate -- [options]

  --family NAME[,NAME]  generate these families (model_type, e.g. bert,gpt2)
  --arch KIND           generate every family of one kind
                        (encoder-only, decoder-only, encoder-decoder, vision, audio, multimodal, other)
  --all                 generate every family (the default when no selection is given)
  --list                print family, kind and tasks instead of generating (honours --family/--arch)
  --why                 with --list: also print why each family got its kind
  --check               compare with the output folder; exit 1 naming drifted, missing or extra files
  --out DIR             output folder (default generated-tests)
  --templates DIR       templates folder (default templates)
  --no-cache            type-check even when output and inputs are unchanged since the last clean check
  -h, --help            this text
`;

/** Runs the CLI with `argv` (without node and script); returns the exit code. Output goes to the given streams. */
export async function runCli(
  argv: readonly string[],
  io: { out: (line: string) => void; err: (line: string) => void } = {
    out: (line) => process.stdout.write(`${line}\n`),
    err: (line) => process.stderr.write(`${line}\n`),
  },
): Promise<number> {
  const started = performance.now();
  try {
    const args = parse(argv);
    if (args.help) {
      io.out(HELP);
      return 0;
    }
    const selection: FamilySelection = {
      ...(args.family ? { families: args.family } : {}),
      ...(args.arch !== undefined ? { arch: args.arch } : {}),
      ...(args.all ? { all: true } : {}),
    };
    if (args.list) {
      const entries = selectFamilies(await deriveRegistry(), selection);
      for (const line of formatList(entries, { reasons: args.why === true })) io.out(line);
      return 0;
    }
    if (args.why) throw new UsageError('--why only goes with --list.');
    const summary = await generate({
      selection,
      check: args.check === true,
      ...(args['no-cache'] ? { checkCache: false as const } : {}),
      ...(args.out ? { outDir: path.resolve(args.out) } : {}),
      ...(args.templates ? { templatesDir: path.resolve(args.templates) } : {}),
    });
    io.out(summaryLine(summary, args.check === true, args.out ?? path.relative(process.cwd(), path.join(REPO_ROOT, 'generated-tests')), performance.now() - started));
    return 0;
  } catch (error) {
    if (error instanceof MatrixError) {
      io.err(`generate: ${error.code}: ${error.message}`);
      return error.exitCode;
    }
    throw error;
  }
}

function parse(argv: readonly string[]) {
  try {
    return parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: {
        family: { type: 'string', multiple: true },
        arch: { type: 'string' },
        all: { type: 'boolean' },
        list: { type: 'boolean' },
        why: { type: 'boolean' },
        check: { type: 'boolean' },
        out: { type: 'string' },
        templates: { type: 'string' },
        'no-cache': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    }).values;
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
}

function summaryLine(summary: GenerateSummary, check: boolean, outLabel: string, elapsedMs: number): string {
  const kinds = new Map<string, number>();
  for (const e of summary.families) kinds.set(e.archKind, (kinds.get(e.archKind) ?? 0) + 1);
  const byKind = [...kinds].map(([k, n]) => `${k} ${n}`).join(', ');
  const seconds = `${(elapsedMs / 1000).toFixed(2)} s`;
  if (check) return `generate --check: ${summary.files.length} files in ${outLabel} up to date (${byKind}) in ${seconds}`;
  const o = summary.outcome;
  const checked = summary.checkCached ? 'type-check skipped (clean before, inputs unchanged; --no-cache to force)' : 'type-checked clean';
  return `generate: ${summary.files.length} families (${byKind}) → ${o?.written.length ?? 0} written, ${o?.unchanged.length ?? 0} unchanged, ${o?.removed.length ?? 0} removed in ${outLabel}, ${checked} in ${seconds}`;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  runCli(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`generate: unexpected error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exitCode = 1;
    },
  );
}
