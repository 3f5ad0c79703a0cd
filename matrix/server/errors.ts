/** Errors of the benchmark server (`matrix serve`, `matrix worker`). Each has a stable code and a next step. */
import { MatrixError } from '../errors.js';

/** `--host` is not loopback and no MATRIX_SERVER_TOKEN is set: the server refuses to start. */
export class ServerTokenRequiredError extends MatrixError {
  constructor(host: string) {
    super(
      'SERVER_TOKEN_REQUIRED',
      `Refusing to listen on ${host} without a token: state-changing endpoints would be open to the network.`,
      'Set MATRIX_SERVER_TOKEN to a long random string (clients send "Authorization: Bearer <token>"), or keep the default --host 127.0.0.1.',
    );
  }
}

/** A CLI option of serve/worker is out of range. */
export class ServerOptionError extends MatrixError {
  constructor(option: string, value: string, valid: string) {
    super('SERVER_BAD_OPTION', `${option} ${JSON.stringify(value)} is not valid.`, `Valid: ${valid}.`);
  }
}

/** The job journal cannot be read or written. */
export class JobJournalError extends MatrixError {
  constructor(path: string, reason: string, cause?: unknown) {
    super('SERVER_JOURNAL', `Job journal ${path}: ${reason}.`, 'Check that the folder is writable; move a damaged file aside to start with an empty queue.', { cause, exitCode: 1 });
  }
}

/** The queue is full: the client should retry after `retryAfterS` seconds (HTTP 429). */
export class QueueFullError extends MatrixError {
  readonly retryAfterS: number;
  constructor(limit: number, retryAfterS: number) {
    super('SERVER_QUEUE_FULL', `The queue holds its limit of ${limit} waiting jobs.`, `Retry after ${retryAfterS} s, or start the server with a larger --max-queued.`, { exitCode: 1 });
    this.retryAfterS = retryAfterS;
  }
}
