/**
 * The benchmark server room (`matrix serve`, `matrix worker`): the leaderboard-compatible HTTP API,
 * the embedded queue (JSONL journal) or BullMQ on Redis, workers, the live dashboard. Its only door.
 */
export { startServer, type ServeOptions, type RunningServer } from './start-server.js';
export { runWorker, type WorkerOptions, type RunningWorker } from './run-worker.js';
export { cliJobRunner, type CliJobRunnerOptions } from './cli-job-runner.js';
export { DEFAULT_JOB_TIMEOUT_MS, KILL_GRACE_MS, type JobRunner } from './job-runner.js';
export type { JobUploader } from './job-uploader.js';
export { publishUploader } from './publish-uploader.js';
export { uploadMessage } from './upload-message.js';
export { historyPath } from './result-history.js';
export { isLoopback } from './is-loopback.js';
export { parseJobBody, JOB_BODY, MODEL_ID_PATTERN, type BodyIssue } from './job-body.js';
export { toWireJob, type WireJob } from './wire-job.js';
export { queueName } from './queue-name.js';
export type { Job, JobConfig, JobOutcome, JobStatus, JobError } from './job.js';
export * from './errors.js';
