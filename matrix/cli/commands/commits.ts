/**
 * `matrix commits --commit A,B[,C] | --commit diff` and `matrix versions --transformers 3.7.4,4.3.1`:
 * the suite across git commits or published library versions, summaries like transformers'
 * benchmark.py (per entry, all, combined) and a cells × entries table with significant changes marked.
 */
import path from 'node:path';
import type { Command } from 'commander';

interface SharedOptions {
  family?: string;
  suite?: string;
  profile?: string;
  db?: string;
  out?: string;
  metrics: string;
  alpha: string;
  threshold: string;
  failOnRegression?: boolean;
}

const DEFAULT_METRICS = 'latency_p50_ms,throughput,ttft_ms';

function shared(command: Command): Command {
  return command
    .option('--family <names>', 'only these families (matrix run --family)')
    .option('--suite <file|name>', 'a suite file or predefined suite (matrix run --suite)')
    .option('--profile <name>', 'measurement profile: quick or full')
    .option('--db <path>', 'database the runs are stored in (default: MATRIX_DB or .matrix/matrix.duckdb)')
    .option('--out <dir>', 'where the summaries go (default: .matrix/<commits|versions>/<time>)')
    .option('--metrics <list>', 'metrics of the summaries, first one in the table', DEFAULT_METRICS)
    .option('--alpha <p>', 'significance level of the Mann–Whitney test', '0.05')
    .option('--threshold <percent>', 'smallest change of the median that counts', '5')
    .option('--fail-on-regression', 'exit 1 when a consecutive pair has a significant regression or a status change for the worse');
}

async function settings(options: SharedOptions, kind: 'commits' | 'versions') {
  const { MatrixError } = await import('../../errors.js');
  const { SUMMARY_METRICS, badMetric } = await import('../../commits/index.js');
  const { resolveDbPath } = await import('../../store/index.js');
  const metrics = options.metrics.split(',').map((m) => m.trim()).filter(Boolean);
  for (const m of metrics) if (!(SUMMARY_METRICS as readonly string[]).includes(m)) throw badMetric(m);
  if (metrics.length === 0) throw badMetric('');
  const alpha = Number(options.alpha);
  const threshold = Number(options.threshold);
  if (!(alpha > 0 && alpha < 1)) throw new MatrixError('COMMITS_BAD_OPTION', `--alpha ${JSON.stringify(options.alpha)} is not between 0 and 1.`, 'Use e.g. --alpha 0.05.');
  if (!(threshold >= 0) || !Number.isFinite(threshold)) throw new MatrixError('COMMITS_BAD_OPTION', `--threshold ${JSON.stringify(options.threshold)} is not a percentage ≥ 0.`, 'Use e.g. --threshold 5.');
  if (options.family !== undefined && options.family.split(',').every((f) => f.trim() === '')) {
    throw new MatrixError('COMMITS_BAD_OPTION', '--family is empty.', 'Name families (e.g. --family bert,gpt2), or leave --family out to run every generated test.');
  }
  const stamp = new Date().toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
  return {
    metrics: metrics as import('../../commits/index.js').SummaryMetric[],
    compare: { alpha, threshold: threshold / 100 },
    dbPath: resolveDbPath(options.db),
    outDir: path.resolve(options.out ?? path.join('.matrix', kind, stamp)),
    selection: { family: options.family, suite: options.suite, profile: options.profile },
  };
}

async function finish(result: { entries: import('../../commits/index.js').MeasuredEntry[]; output: import('../../commits/index.js').SummaryOutput }, options: SharedOptions, metric: string): Promise<void> {
  const { renderEntriesTable } = await import('../../commits/index.js');
  const level = process.stdout.isTTY && !process.env.NO_COLOR ? 1 : 0;
  process.stdout.write(renderEntriesTable(result.entries, result.output.combined, result.output.comparisons, metric as never, 'terminal', level));
  process.stdout.write(`Summaries written to ${result.output.outDir} (${result.output.files.length} files: summary.json, summaries.json, compare.md, …)\n`);
  const failed = result.entries.filter((e) => e.status === 'failed');
  if (failed.length > 0 || (options.failOnRegression && result.output.regressions > 0)) process.exitCode = 1;
}

/** `matrix commits`. */
export function register(program: Command): void {
  shared(
    program
      .command('commits')
      .description('run the suite at each commit (git worktrees, installs reused per lockfile) and compare consecutive commits')
      .requiredOption('--commit <list>', 'commits to measure, comma-separated (shas, branches, tags), or `diff` = HEAD against its merge base with main')
      .option('--repo <path>', 'the git repository (default: this checkout)')
      .option('--base-branch <name>', 'the branch `diff` measures against', 'main')
      .option('--allow-dirty', 'with diff: measure HEAD even when the tree has uncommitted changes')
      .option('--link-as <package>', 'library mode: --repo is this package (e.g. @huggingface/transformers), built at each commit and linked into this checkout')
      .option('--build', 'run `npm run build` in each commit before the suite'),
  ).action(async (options: SharedOptions & { commit: string; repo?: string; baseBranch: string; allowDirty?: boolean; linkAs?: string; build?: boolean }) => {
    const { runCommits } = await import('../../commits/index.js');
    const s = await settings(options, 'commits');
    const result = await runCommits({
      repo: path.resolve(options.repo ?? '.'),
      commits: options.commit.split(','),
      baseBranch: options.baseBranch,
      allowDirty: options.allowDirty,
      linkAs: options.linkAs,
      runnerSource: process.cwd(),
      build: options.build,
      ...s,
      onOutput: (text) => process.stderr.write(text),
    });
    await finish(result, options, s.metrics[0]!);
  });
}

/** `matrix versions` (its own entry in ../commands.ts, in ./versions.ts). */
export function registerVersions(program: Command): void {
  shared(
    program
      .command('versions')
      .description('run the suite against published transformers.js versions, each installed side by side and run in its own process')
      .requiredOption('--transformers <versions>', 'comma-separated @huggingface/transformers versions, e.g. 3.7.4,4.3.1')
      .option('--onnxruntime <versions>', 'onnxruntime-node version to force under each (one for all, or one per transformers version)')
      .option('--install-root <dir>', 'where versions are installed side by side', path.join('.matrix', 'versions')),
  ).action(async (options: SharedOptions & { transformers: string; onnxruntime?: string; installRoot: string }) => {
    const { runVersions, badVersionList } = await import('../../commits/index.js');
    const list = (flag: string, value: string): string[] => {
      const items = value.split(',').map((v) => v.trim());
      if (items.length === 0 || items.some((v) => !/^[0-9][\w.+-]*$/.test(v))) throw badVersionList(flag, value);
      return items;
    };
    const transformers = list('--transformers', options.transformers);
    const ort = options.onnxruntime === undefined ? [] : list('--onnxruntime', options.onnxruntime);
    if (ort.length > 1 && ort.length !== transformers.length) throw badVersionList('--onnxruntime', options.onnxruntime!);
    const s = await settings(options, 'versions');
    const result = await runVersions({
      versions: transformers.map((v, i) => ({ transformers: v, ...(ort.length ? { onnxruntime: ort[ort.length === 1 ? 0 : i]! } : {}) })),
      checkout: process.cwd(),
      installRoot: path.resolve(options.installRoot),
      ...s,
      onOutput: (text) => process.stderr.write(text),
    });
    await finish(result, options, s.metrics[0]!);
  });
}
