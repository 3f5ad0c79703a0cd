/**
 * Errors of `matrix commits` and `matrix versions`: bad input (exit 2) that stops before anything runs.
 * What goes wrong for one commit or version (unknown commit, failed install or build, a version the
 * registry does not have) is not an error here: it is a failed entry of the summary, and the others run.
 */
import { MatrixError } from '../errors.js';

/** Metrics a summary can select (results columns). */
export const SUMMARY_METRICS = ['latency_p50_ms', 'latency_p90_ms', 'latency_mean_ms', 'throughput', 'ttft_ms', 'load_ms', 'first_ms', 'peak_rss_bytes'] as const;
export type SummaryMetric = (typeof SUMMARY_METRICS)[number];

export class CommitsInputError extends MatrixError {
  constructor(code: string, message: string, hint: string) {
    super(code, message, hint);
  }
}

export function notARepository(dir: string, why: string): CommitsInputError {
  return new CommitsInputError('COMMITS_NOT_A_REPO', `${dir} is not a git repository (${why}).`, 'Run from a git checkout, or pass --repo PATH of one.');
}

export function noCommits(): CommitsInputError {
  return new CommitsInputError('COMMITS_NONE', 'No commit to measure: --commit is empty.', 'Use --commit A,B[,C] (shas, branches, tags) or --commit diff (HEAD against its merge base with main).');
}

export function dirtyTree(dir: string, files: string[]): CommitsInputError {
  return new CommitsInputError(
    'COMMITS_DIRTY_TREE',
    `--commit diff measures HEAD, but ${dir} has uncommitted changes (${files.slice(0, 5).join(', ')}${files.length > 5 ? ', …' : ''}) that would not be measured.`,
    'Commit or stash them first, or pass --allow-dirty to measure HEAD as committed.',
  );
}

export function badMetric(name: string): CommitsInputError {
  return new CommitsInputError('COMMITS_BAD_METRIC', `Unknown metric "${name}"; valid: ${SUMMARY_METRICS.join(', ')}.`, 'Example: --metrics latency_p50_ms,throughput,ttft_ms');
}

export function badVersionList(flag: string, value: string): CommitsInputError {
  return new CommitsInputError(
    'VERSIONS_BAD_LIST',
    `${flag} "${value}" is not a comma-separated list of versions.`,
    'Example: --transformers 3.7.4,4.3.1 (versions of @huggingface/transformers on the npm registry).',
  );
}
