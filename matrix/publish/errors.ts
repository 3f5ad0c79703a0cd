/**
 * Errors of publishing, pulling and model cards. Each carries a stable code, says what failed and names
 * the next step. Messages never hold the token: every error from the Hub client goes through `scrubToken`.
 */
import { MatrixError } from '../errors.js';

/** A setting (repo name, Hub URL, machine label) is malformed: bad input, exit 2. */
export class PublishSettingsError extends MatrixError {
  constructor(what: string, value: string, expected: string) {
    super('PUBLISH_BAD_SETTING', `${what} ${JSON.stringify(value)} is not valid: expected ${expected}.`, `Fix ${what} (flag, environment or .env) and try again.`, { exitCode: 2 });
  }
}

/** The Hub refused or failed an upload, after the bounded retries: exit 1. Local data is untouched. */
export class PublishUploadError extends MatrixError {
  constructor(
    message: string,
    /** HTTP status of the last answer, when there was one. */
    readonly statusCode: number | undefined,
    hint = 'Nothing local was changed; publish again later (matrix publish --repo ORG/NAME).',
  ) {
    super('PUBLISH_UPLOAD_FAILED', message, hint, { exitCode: 1 });
  }
}

/** A dataset or model repo does not exist, or the token may not read it. */
export class HubRepoNotFoundError extends MatrixError {
  constructor(repo: string) {
    super(
      'HUB_REPO_NOT_FOUND',
      `${repo} not found, or private: check the name and HF_TOKEN.`,
      'The local store was left as it was. List your datasets at https://huggingface.co/datasets?author=ORG, or set HF_TOKEN (environment or .env) to read a private one.',
      { exitCode: 1 },
    );
  }
}

/** A pulled file is not what `matrix publish` writes (format version, columns). */
export class PullFormatError extends MatrixError {
  constructor(repo: string, problem: string) {
    super('PULL_BAD_FORMAT', `${repo}: ${problem}`, 'Pull a dataset written by matrix publish, or upgrade model-matrix if it was written by a newer one. The local store was left as it was.', { exitCode: 1 });
  }
}
