import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { CompareOptions } from '../report/index.js';
import type { SummaryMetric } from './errors.js';
import { git } from './git.js';
import { installedVersion, installVersion, versionLabel, type VersionSpec } from './install-version.js';
import { labelRun } from './label-run.js';
import type { MeasuredEntry } from './measured-entry.js';
import { prepareRunner } from './prepare-runner.js';
import { runStored } from './run-commits.js';
import { runSuiteChild, type SuiteSelection } from './run-suite-child.js';
import { writeSummaries, type SummaryOutput } from './write-summaries.js';

export interface RunVersionsOptions {
  versions: readonly VersionSpec[];
  /** The model-matrix checkout whose suite runs (default: this one), as it is now. */
  checkout: string;
  /** Where versions are installed side by side (kept between runs). */
  installRoot: string;
  selection: SuiteSelection;
  dbPath: string;
  outDir: string;
  metrics: readonly SummaryMetric[];
  compare: CompareOptions;
  /** npm's environment (a test points `npm_config_registry` at a loopback registry). */
  npmEnv?: NodeJS.ProcessEnv;
  env?: NodeJS.ProcessEnv;
  onOutput?: (text: string) => void;
  log?: (line: string) => void;
}

/**
 * `matrix versions`: the same suite against published versions of transformers.js (and, when asked, of
 * onnxruntime-node), each installed side by side and run in its own child process from a copy of the
 * checkout whose `@huggingface/transformers` is that version — two transformers.js copies with their
 * native onnxruntime crash one process. Each run records the version it really loaded.
 */
export async function runVersions(options: RunVersionsOptions): Promise<{ entries: MeasuredEntry[]; output: SummaryOutput }> {
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const head = await git(options.checkout, ['rev-parse', 'HEAD']).catch(() => null);
  const temp = mkdtempSync(path.join(tmpdir(), 'matrix-versions-'));
  const entries: MeasuredEntry[] = [];
  const stamp = new Date().toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
  try {
    for (const [i, spec] of options.versions.entries()) {
      const label = versionLabel(spec);
      const entry: MeasuredEntry = { label, ref: spec.transformers, kind: 'version', id: spec.transformers, runId: null, status: 'failed' };
      entries.push(entry);
      const setupStart = performance.now();
      try {
        const own = path.join(options.checkout, 'node_modules', '@huggingface', 'transformers');
        // The version the checkout already has is not installed again (unless another onnxruntime is forced under it).
        const pkgDir = !spec.onnxruntime && installedVersion(own) === spec.transformers ? own : await installVersion(options.installRoot, spec, options.npmEnv);
        const runner = path.join(temp, `${String(i + 1).padStart(2, '0')}-runner`);
        prepareRunner(options.checkout, runner, { '@huggingface/transformers': pkgDir });
        entry.setupMs = Math.round(performance.now() - setupStart);
        log(`matrix versions: ${label}: installed and linked in ${entry.setupMs} ms; running the suite`);
        const runId = `${label.replace(/[^\w.-]/g, '-')}-${stamp}-${randomBytes(2).toString('hex')}`;
        const runStart = performance.now();
        const ran = await runSuiteChild(runner, { selection: options.selection, dbPath: options.dbPath, runId, env: options.env, onOutput: options.onOutput });
        entry.runMs = Math.round(performance.now() - runStart);
        if (!(await runStored(options.dbPath, runId))) {
          entry.reason = `the suite stored no run (exit ${ran.code ?? ran.signal}): ${ran.tail.replace(/\u001b\[[0-9;]*m/g, '').trim().split('\n').slice(-3).join(' | ').slice(0, 400)}`;
          continue;
        }
        await labelRun(options.dbPath, runId, label, head);
        entry.runId = runId;
        entry.status = ran.code === 0 ? 'ok' : 'failed';
        if (ran.code !== 0) entry.reason = `the suite exited ${ran.code ?? ran.signal}; its stored cells are kept`;
      } catch (error) {
        entry.reason = (error as Error).message.split('\n')[0];
        log(`matrix versions: ${label}: ${entry.reason}`);
      }
    }
  } finally {
    rmSync(temp, { recursive: true, force: true });
  }
  const output = await writeSummaries(options.dbPath, entries, { outDir: options.outDir, metrics: options.metrics, compare: options.compare });
  return { entries, output };
}
