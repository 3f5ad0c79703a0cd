/** The commits room's door: runs across git commits and across published library versions, and their summaries. */
export { runCommits, type RunCommitsOptions } from './run-commits.js';
export { runVersions, type RunVersionsOptions } from './run-versions.js';
export { versionLabel, type VersionSpec } from './install-version.js';
export { SUMMARY_METRICS, badMetric, badVersionList, type SummaryMetric } from './errors.js';
export { renderEntriesTable } from './render-entries-table.js';
export type { MeasuredEntry } from './measured-entry.js';
export type { SummaryOutput } from './write-summaries.js';
export type { CombinedSummary, EntrySummary, SummaryCell } from './build-summaries.js';
