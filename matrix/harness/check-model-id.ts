/**
 * Checks names that become file paths before any file is touched: a Hub model id (`org/name`), a
 * family (`model_type`) and a task. Path traversal (`..`), absolute paths, backslashes, odd characters
 * and over-long names are rejected, so a hostile id can never reach outside the model folders.
 */
import { HarnessError } from './errors.js';

const SEGMENT = /^[A-Za-z0-9][A-Za-z0-9._-]{0,95}$/;

/** Returns `id` when it is a safe `org/name` Hub id; throws `HARNESS_BAD_MODEL_ID` otherwise. */
export function checkModelId(id: string): string {
  const parts = typeof id === 'string' ? id.split('/') : [];
  if (parts.length !== 2 || !parts.every(isSafeSegment)) {
    throw new HarnessError(
      'HARNESS_BAD_MODEL_ID',
      `Invalid model id ${JSON.stringify(id)}: expected "org/name" where each part is 1-96 of [A-Za-z0-9._-], not starting with "." or "-" and not "..".`,
      'Fix the hubModelId in the family overlay (generator/) and regenerate: npm run generate -- --family <family>',
    );
  }
  return id;
}

/** Returns `name` when it is one safe path segment (family, task); throws `HARNESS_BAD_NAME` otherwise. */
export function checkPathSegment(name: string, what: string): string {
  if (!isSafeSegment(name)) {
    throw new HarnessError(
      'HARNESS_BAD_NAME',
      `Invalid ${what} ${JSON.stringify(name)}: expected 1-96 of [A-Za-z0-9._-], not starting with "." or "-".`,
      'Use the name as the family registry lists it: npm run generate -- --list',
    );
  }
  return name;
}

function isSafeSegment(segment: string): boolean {
  return typeof segment === 'string' && SEGMENT.test(segment) && !segment.includes('..');
}
