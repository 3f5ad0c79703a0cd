import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCommits, runVersions, type CombinedSummary } from '../matrix/commits/index.js';
import { childEnv } from './child-env.js';

const root = path.resolve(import.meta.dirname, '..');
let dir: string;

/** The environment of a child run: the tests' scrubbed child environment, one device and dtype. */
const suiteEnv = (): NodeJS.ProcessEnv =>
  childEnv({ dbPath: path.join(dir, 'unused.duckdb'), env: { MATRIX_DTYPES: 'fp32', MATRIX_DEVICES: 'cpu', MATRIX_PROFILE: 'quick' } });

const git = (cwd: string, ...args: string[]): string =>
  execFileSync('git', args, { cwd, env: { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@t', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@t' } }).toString().trim();

/** A git repository holding this project as it is (commit A), then the same with one cell made slower in code (commit B). */
function projectRepo(): { repo: string; a: string; b: string } {
  const repo = path.join(dir, 'project');
  const files = execFileSync('git', ['ls-files', '-co', '--exclude-standard', '-z'], { cwd: root }).toString().split('\0').filter((f) => f && !f.startsWith('node_modules/'));
  for (const f of files) {
    if (!existsSync(path.join(root, f))) continue;
    mkdirSync(path.dirname(path.join(repo, f)), { recursive: true });
    copyFileSync(path.join(root, f), path.join(repo, f));
  }
  git(repo, 'init', '-q', '-b', 'main');
  git(repo, 'add', '-A');
  git(repo, 'commit', '-qm', 'A');
  const a = git(repo, 'rev-parse', 'HEAD');
  const file = path.join(repo, 'generated-tests', 'bert.test.ts');
  const text = readFileSync(file, 'utf8');
  const feature = text.indexOf('describe("feature-extraction"');
  const call = 'await m.measure(() => m.forward(single), { items: 1 })';
  const at = text.indexOf(call, feature);
  expect(feature).toBeGreaterThan(0);
  expect(at).toBeGreaterThan(feature);
  // A real delay in code: every feature-extraction forward of bert waits 30 ms more.
  const slow = 'await m.measure(async () => { const r = await m.forward(single); await new Promise((done) => setTimeout(done, 30)); return r; }, { items: 1 })';
  writeFileSync(file, text.slice(0, at) + slow + text.slice(at + call.length));
  git(repo, 'commit', '-qam', 'B: bert feature extraction waits 30 ms per call');
  return { repo, a, b: git(repo, 'rev-parse', 'HEAD') };
}

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'commits-run-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('matrix commits', () => {
  it('flags exactly the cell a commit made slower, keeps running past an unknown commit, and leaves the checkout as it was', async () => {
    const { repo, a, b } = projectRepo();
    const dbPath = path.join(dir, 'commits.duckdb');
    const outDir = path.join(dir, 'out');
    const { entries, output } = await runCommits({
      repo,
      commits: [a, 'no-such-commit', b],
      runnerSource: root, // an installed checkout with the same lockfile: its node_modules is reused
      selection: { family: 'bert' },
      dbPath,
      outDir,
      metrics: ['latency_p50_ms', 'throughput'],
      // the delay makes the cell ~100× slower; a 1000 % threshold keeps load noise on a shared machine out
      compare: { alpha: 0.05, threshold: 10 },
      env: suiteEnv(),
      log: () => undefined,
    });
    expect(entries.map((e) => [e.label, e.status])).toEqual([
      [a.slice(0, 7), 'ok'],
      ['unknown-2', 'failed'],
      [b.slice(0, 7), 'ok'],
    ]);
    expect(entries[1]!.reason).toMatch(/unknown commit "no-such-commit"/);
    expect(entries[0]!.installReused).toBe(true);
    expect(entries[2]!.installReused).toBe(true);

    const regressions = output.comparisons.flatMap((c) => c.result.latency.filter((l) => l.verdict === 'regression').map((l) => l.cell.resultKey));
    expect(regressions).toEqual(['feature-extraction/forged/bert/node_warm_cpu_fp32_b1']);
    expect(output.comparisons.flatMap((c) => c.result.statusChanges)).toEqual([]);

    const combined = JSON.parse(readFileSync(path.join(outDir, 'summary.json'), 'utf8')) as CombinedSummary;
    const cell = combined['forged/bert']!['feature-extraction/node_warm_cpu_fp32_b1']!;
    // Object key order is not the commit order: an all-digit short sha (e.g. 7289026) is an integer key and comes first
    // in any JSON reader; summaries.json (an array) carries the order.
    expect(Object.keys(cell).sort()).toEqual([a.slice(0, 7), b.slice(0, 7)].sort());
    expect(cell[b.slice(0, 7)]!.metrics.latency_p50_ms!).toBeGreaterThan(25);
    expect(cell[a.slice(0, 7)]!.metrics.latency_p50_ms!).toBeLessThan(25);
    const summaries = JSON.parse(readFileSync(path.join(outDir, 'summaries.json'), 'utf8')) as Array<{ label: string; id: string | null }>;
    expect(summaries.map((s) => s.id)).toEqual([a, null, b]);
    expect(existsSync(path.join(outDir, a.slice(0, 7), 'summary.json'))).toBe(true);
    expect(readFileSync(path.join(outDir, 'compare.md'), 'utf8')).toMatch(/\*\*\d+(\.\d+)? ▲\*\*/);

    // each run carries its commit's sha and label; the worktrees are gone; the repository is untouched
    const runs = execFileSync(process.execPath, [path.join(root, 'bin/matrix.js'), 'history', '--runs', '--db', dbPath], { cwd: root }).toString();
    expect(runs).toContain(a.slice(0, 7));
    expect(runs).toContain(b.slice(0, 7));
    expect(git(repo, 'worktree', 'list').split('\n')).toHaveLength(1);
    expect(git(repo, 'status', '--porcelain')).toBe('');
    expect(git(repo, 'rev-parse', 'HEAD')).toBe(b);
    expect(readdirSync(tmpdir()).filter((f) => f.startsWith('matrix-commits-') && existsSync(path.join(tmpdir(), f, '01-' + a.slice(0, 12))))).toEqual([]);
  }, 300_000);

  it('diff refuses a dirty tree, naming the files and the way out', async () => {
    const repo = path.join(dir, 'dirty');
    mkdirSync(repo);
    git(repo, 'init', '-q', '-b', 'main');
    writeFileSync(path.join(repo, 'a.txt'), 'a');
    git(repo, 'add', '-A');
    git(repo, 'commit', '-qm', 'A');
    writeFileSync(path.join(repo, 'a.txt'), 'changed');
    const common = { selection: {}, dbPath: path.join(dir, 'x.duckdb'), outDir: path.join(dir, 'x'), metrics: ['latency_p50_ms'] as const, compare: { alpha: 0.05, threshold: 0.05 } };
    await expect(runCommits({ repo, commits: ['diff'], ...common })).rejects.toMatchObject({ code: 'COMMITS_DIRTY_TREE', message: expect.stringMatching(/a\.txt[\s\S]*--allow-dirty/) });
    await expect(runCommits({ repo: dir, commits: ['HEAD'], ...common })).rejects.toMatchObject({ code: 'COMMITS_NOT_A_REPO' });
    await expect(runCommits({ repo, commits: [' ', ''], ...common })).rejects.toMatchObject({ code: 'COMMITS_NONE' });
    expect(existsSync(common.dbPath)).toBe(false);
  });
});

describe('matrix versions', () => {
  let registry: Server;
  let registryUrl: string;
  beforeAll(async () => {
    // A registry that has nothing: npm's answer to every request is 404.
    registry = createServer((_req, res) => {
      res.writeHead(404, { 'content-type': 'application/json' });
      res.end('{"error":"Not found"}');
    });
    await new Promise<void>((resolve) => registry.listen(0, '127.0.0.1', resolve));
    registryUrl = `http://127.0.0.1:${(registry.address() as { port: number }).port}/`;
  });
  afterAll(() => new Promise<void>((resolve) => registry.close(() => resolve())));

  it('a version the registry does not have is a failed entry; the installed version still runs and records what it loaded', async () => {
    const installed = (JSON.parse(readFileSync(path.join(root, 'node_modules/@huggingface/transformers/package.json'), 'utf8')) as { version: string }).version;
    const dbPath = path.join(dir, 'versions.duckdb');
    const { entries, output } = await runVersions({
      versions: [{ transformers: '0.0.0-nope' }, { transformers: installed }],
      checkout: root,
      installRoot: path.join(dir, 'installs'),
      selection: { family: 'bert' },
      dbPath,
      outDir: path.join(dir, 'vout'),
      metrics: ['latency_p50_ms'],
      compare: { alpha: 0.05, threshold: 0.05 },
      npmEnv: { ...process.env, npm_config_registry: registryUrl, npm_config_fetch_retries: '0', npm_config_cache: path.join(dir, 'npm-cache') },
      env: suiteEnv(),
      log: () => undefined,
    });
    expect(entries.map((e) => [e.label, e.status])).toEqual([
      ['transformers@0.0.0-nope', 'failed'],
      [`transformers@${installed}`, 'ok'],
    ]);
    expect(entries[0]!.reason).toMatch(/transformers@0\.0\.0-nope does not exist on the npm registry/);
    expect(existsSync(path.join(dir, 'installs', 'transformers@0.0.0-nope'))).toBe(false);
    expect(output.summaries[1]!.transformersVersion).toBe(installed);
    expect(Object.keys(output.combined['forged/bert']!)).toContain('feature-extraction/node_warm_cpu_fp32_b1');
  }, 300_000);
});

describe('matrix commits / versions on the command line', () => {
  const cli = (...args: string[]): { code: number; stderr: string; stdout: string } => {
    try {
      const stdout = execFileSync(process.execPath, [path.join(root, 'bin/matrix.js'), ...args], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] }).toString();
      return { code: 0, stderr: '', stdout };
    } catch (error) {
      const e = error as { status: number; stderr: Buffer; stdout: Buffer };
      return { code: e.status, stderr: e.stderr.toString(), stdout: e.stdout.toString() };
    }
  };

  it('bad input is exit 2 with a coded message, before anything runs', () => {
    expect(cli('versions', '--transformers', 'x,,')).toMatchObject({ code: 2, stderr: expect.stringMatching(/VERSIONS_BAD_LIST/) });
    expect(cli('commits', '--commit', 'HEAD', '--metrics', 'latency_p50_ms,speed')).toMatchObject({ code: 2, stderr: expect.stringMatching(/COMMITS_BAD_METRIC: Unknown metric "speed"; valid: latency_p50_ms/) });
    expect(cli('commits', '--commit', 'HEAD', '--family', ',')).toMatchObject({ code: 2, stderr: expect.stringMatching(/COMMITS_BAD_OPTION: --family is empty/) });
    expect(cli('commits', '--commit', 'HEAD', '--repo', dir, '--db', path.join(dir, 'never.duckdb'))).toMatchObject({ code: 2, stderr: expect.stringMatching(/COMMITS_NOT_A_REPO/) });
    expect(existsSync(path.join(dir, 'never.duckdb'))).toBe(false);
  });

  it('--help lists both commands', () => {
    // commander wraps descriptions at the terminal width: compare with the whitespace folded.
    const help = cli('--help').stdout.replace(/\s+/g, ' ');
    expect(help).toMatch(/commits \[options\] run the suite at each commit/);
    expect(help).toMatch(/versions \[options\] run the suite against published transformers.js versions/);
  });
});
