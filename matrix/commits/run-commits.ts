import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { CompareOptions } from '../report/index.js';
import { dirtyTree, noCommits, notARepository, type SummaryMetric } from './errors.js';
import { dirtyFiles, git, resolveCommit } from './git.js';
import { InstallCache, npm } from './install-cache.js';
import { labelRun } from './label-run.js';
import type { MeasuredEntry } from './measured-entry.js';
import { prepareRunner } from './prepare-runner.js';
import { runSuiteChild, type SuiteSelection } from './run-suite-child.js';
import { Worktrees } from './worktrees.js';
import { writeSummaries, type SummaryOutput } from './write-summaries.js';

export interface RunCommitsOptions {
  /** The git repository whose commits are measured (default: this checkout). */
  repo: string;
  /** Refs as given (`A,B`), or exactly ['diff'] for HEAD against its merge base with `baseBranch`. */
  commits: readonly string[];
  baseBranch?: string;
  allowDirty?: boolean;
  /**
   * Library mode: the repo is a package (e.g. a transformers.js checkout) of this name; each commit is
   * installed and built there and linked into a copy of `runnerSource` as that package.
   */
  linkAs?: string;
  /** The model-matrix checkout that runs the suite in library mode (default: this one). */
  runnerSource?: string;
  /** Run `npm run build` in each worktree before the suite (library mode always builds when it has a build script). */
  build?: boolean;
  selection: SuiteSelection;
  dbPath: string;
  outDir: string;
  metrics: readonly SummaryMetric[];
  compare: CompareOptions;
  env?: NodeJS.ProcessEnv;
  onOutput?: (text: string) => void;
  log?: (line: string) => void;
}

/**
 * `matrix commits`: for each commit, a detached worktree in a temporary folder (the user's checkout is
 * never touched), node_modules reused between commits with the same lockfile, the suite run in a child
 * process and stored with the commit's sha and label; then the summaries and the comparison of
 * consecutive commits. A commit that cannot be resolved, installed, built or run is a failed entry; the
 * others still run, and nothing stored before is touched.
 */
export async function runCommits(options: RunCommitsOptions): Promise<{ entries: MeasuredEntry[]; output: SummaryOutput }> {
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  let repo: string;
  try {
    repo = await git(options.repo, ['rev-parse', '--show-toplevel']);
  } catch (error) {
    throw notARepository(options.repo, (error as Error).message.split('\n')[0]!);
  }
  const refs = options.commits.map((c) => c.trim()).filter(Boolean);
  if (refs.length === 0) throw noCommits();
  const planned = refs.length === 1 && refs[0] === 'diff' ? await diffRefs(repo, options) : refs.map((ref) => ({ ref, label: undefined as string | undefined }));

  const entries: MeasuredEntry[] = [];
  const worktrees = new Worktrees(repo);
  const installs = new InstallCache();
  installs.seed(repo);
  if (options.runnerSource) installs.seed(options.runnerSource);
  const stamp = new Date().toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
  try {
    for (const [i, plan] of planned.entries()) {
      const sha = await resolveCommit(repo, plan.ref);
      const label = plan.label ?? (sha ? sha.slice(0, 7) : `unknown-${i + 1}`);
      const entry: MeasuredEntry = { label, ref: plan.ref, kind: 'commit', id: sha, runId: null, status: 'failed' };
      entries.push(entry);
      if (sha === null) {
        entry.reason = `unknown commit "${plan.ref}" in ${repo} (not a sha, branch or tag git knows)`;
        log(`matrix commits: ${label}: ${entry.reason}`);
        continue;
      }
      const setupStart = performance.now();
      try {
        const tree = await worktrees.add(sha, `${String(i + 1).padStart(2, '0')}-${sha.slice(0, 12)}`);
        const installed = await installs.install(tree);
        entry.installReused = installed.reused;
        let runner = tree;
        if (options.linkAs) {
          if (hasBuildScript(tree)) await npm(tree, ['run', 'build']);
          runner = path.join(worktrees.root, `${String(i + 1).padStart(2, '0')}-runner`);
          prepareRunner(options.runnerSource ?? process.cwd(), runner, { [options.linkAs]: tree });
        } else if (options.build && hasBuildScript(tree)) {
          await npm(tree, ['run', 'build']);
        }
        entry.setupMs = Math.round(performance.now() - setupStart);
        log(`matrix commits: ${label}: worktree ready in ${entry.setupMs} ms (${installed.reused ? 'install reused' : 'npm ci'}); running the suite`);
        const runId = `${label}-${stamp}-${randomBytes(2).toString('hex')}`;
        const runStart = performance.now();
        const ran = await runSuiteChild(runner, { selection: options.selection, dbPath: options.dbPath, runId, env: options.env, onOutput: options.onOutput });
        entry.runMs = Math.round(performance.now() - runStart);
        if (!(await runStored(options.dbPath, runId))) {
          entry.reason = `the suite stored no run (exit ${ran.code ?? ran.signal}): ${lastLines(ran.tail)}`;
          continue;
        }
        await labelRun(options.dbPath, runId, label, sha);
        entry.runId = runId;
        entry.status = ran.code === 0 ? 'ok' : 'failed';
        if (ran.code !== 0) entry.reason = `the suite exited ${ran.code ?? ran.signal}; its stored cells are kept: ${lastLines(ran.tail)}`;
      } catch (error) {
        entry.setupMs ??= Math.round(performance.now() - setupStart);
        entry.reason = (error as Error).message.split('\n')[0];
        log(`matrix commits: ${label}: ${entry.reason}`);
      }
    }
  } finally {
    await worktrees.dispose();
  }
  const output = await writeSummaries(options.dbPath, entries, { outDir: options.outDir, metrics: options.metrics, compare: options.compare });
  return { entries, output };
}

/** `diff`: the merge base of HEAD with the base branch, then HEAD (a dirty tree is refused unless allowed). */
async function diffRefs(repo: string, options: RunCommitsOptions): Promise<Array<{ ref: string; label: string }>> {
  if (!options.allowDirty) {
    const dirty = await dirtyFiles(repo);
    if (dirty.length > 0) throw dirtyTree(repo, dirty);
  }
  const branch = options.baseBranch ?? 'main';
  let base: string;
  try {
    base = await git(repo, ['merge-base', 'HEAD', branch]);
  } catch (error) {
    throw notARepository(repo, `no merge base of HEAD with "${branch}": ${(error as Error).message.split('\n')[0]} — pass --base-branch`);
  }
  const head = await git(repo, ['rev-parse', 'HEAD']);
  return [
    { ref: base, label: `${branch.replace(/[^\w.-]/g, '_')}@${base.slice(0, 7)}` },
    { ref: head, label: `HEAD@${head.slice(0, 7)}` },
  ];
}

function hasBuildScript(dir: string): boolean {
  try {
    return typeof (JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as { scripts?: Record<string, string> }).scripts?.build === 'string';
  } catch {
    return false;
  }
}

/** True when the database holds run `runId`. */
export async function runStored(dbPath: string, runId: string): Promise<boolean> {
  if (!existsSync(dbPath)) return false;
  const { openReadonly } = await import('../report/index.js');
  const store = await openReadonly(dbPath);
  try {
    return (await store.all<{ n: number }>('SELECT count(*)::INTEGER AS n FROM runs WHERE run_id = $1', [runId]))[0]!.n > 0;
  } finally {
    store.close();
  }
}

function lastLines(text: string): string {
  return text.replace(/\u001b\[[0-9;]*m/g, '').trim().split('\n').slice(-3).join(' | ').slice(0, 400);
}
