/**
 * `matrix run --publish` (and the nightly job): publish when the run ends. Never throws and never changes the
 * run's outcome: a missing token is one line, a failed upload is logged (token scrubbed) and local data stays.
 */
import { MatrixError } from '../errors.js';
import { publishFromSettings, type PublishRequest } from './publish-from-settings.js';
import { scrubbedMessage } from './scrub-token.js';

/** Publishes; returns what happened as a word, for tests and logs. */
export async function publishAfterRun(request: PublishRequest & { log: (line: string) => void }): Promise<'published' | 'skipped' | 'failed'> {
  try {
    const result = await publishFromSettings(request);
    request.log(result.line);
    return result.kind;
  } catch (error) {
    const message = error instanceof MatrixError ? `${error.code}: ${error.message}` : scrubbedMessage(error, request.env?.HF_TOKEN ?? process.env.HF_TOKEN);
    request.log(`publish failed (the run's results are safe in ${request.dbPath}; publish later with matrix publish): ${scrubbedMessage(message, request.env?.HF_TOKEN ?? process.env.HF_TOKEN)}`);
    return 'failed';
  }
}
