/**
 * Publishing the matrix to a Hugging Face Hub dataset, model cards, and pulling it back. The only door of
 * matrix/publish: the CLI, the benchmark server and the nightly job import from here.
 */
export { loadPublishSettings, checkRepoName, type PublishSettings } from './load-publish-settings.js';
export { uploadCells, type UploadCellsInput } from './upload-cells.js';
export { deriveMachineLabel, normalizeMachineLabel, type MachineFacts } from './machine-label.js';
export { configPath } from './config-path.js';
export { toConfigFile, type WireConfigFile, type WireMetric } from './wire-config-file.js';
export { retryingFetch, serverDelayMs, type RetryOptions } from './retrying-fetch.js';
export { scrubToken } from './scrub-token.js';
export type { HubTarget } from './hub-target.js';
export { publishDataset, type PublishOutcome } from './publish-dataset.js';
export { publishFromSettings, NO_TOKEN_LINE, type PublishRequest, type PublishResult } from './publish-from-settings.js';
export { publishAfterRun } from './publish-after-run.js';
export { pullDataset, type PullOutcome } from './pull-dataset.js';
export { updateModelCards, realModelConfigs, type ModelCardOutcome } from './update-model-cards.js';
export { replaceSection, SECTION_START, SECTION_END } from './model-card-section.js';
export { dryRunDataset } from './dry-run-dataset.js';
export { FORMAT_VERSION } from './build-dataset-files.js';
export * from './errors.js';
