/**
 * The re-run of a crashed worker's file: `matrix run` runs the files whose worker died once more, in a
 * fresh worker, with MATRIX_RERUN_ATTEMPTS=1 (the cells run again count one retry; a pass is flaky) and
 * MATRIX_RERUN_SKIP_FILE naming a JSON list of the cells that had finished before the crash: those keep
 * their stored result and are skipped, so only the unfinished cells run again.
 */
import { readFileSync } from 'node:fs';
import type { CellKey } from './types.js';

export const RERUN_SKIP_ENV = 'MATRIX_RERUN_SKIP_FILE';

/** The attempts already made (1 in a re-run): they count as retries of the cells run again. */
export const RERUN_ATTEMPTS_ENV = 'MATRIX_RERUN_ATTEMPTS';

/** The identity of a cell across the two attempts: family, task, platform, device, dtype, batch. */
export function rerunCellId(key: Pick<CellKey, 'family' | 'task' | 'platform' | 'device' | 'dtype' | 'batchSize'>): string {
  return [key.family, key.task, key.platform, key.device, key.dtype, `b${key.batchSize}`].join('/');
}

/** The finished cells to skip (empty outside a re-run, or when the file cannot be read). */
export function finishedBeforeCrash(env: NodeJS.ProcessEnv): ReadonlySet<string> {
  const file = env[RERUN_SKIP_ENV]?.trim();
  if (!file) return new Set();
  try {
    const ids = JSON.parse(readFileSync(file, 'utf8')) as unknown;
    return new Set(Array.isArray(ids) ? ids.filter((x): x is string => typeof x === 'string') : []);
  } catch {
    return new Set();
  }
}
