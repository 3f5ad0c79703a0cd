/**
 * A report reads the database only; runs that could not be written yet wait in `pending/` (store/pending.ts).
 * This says so, so that a reader does not take the report for the whole story.
 */
import { listPending } from '../store/pending.js';

/** One line naming the pending runs of `dbPath` and how they get in, or undefined when there are none. */
export function pendingNote(dbPath: string, list: (dbPath: string) => string[] = listPending): string | undefined {
  const files = list(dbPath);
  if (files.length === 0) return undefined;
  const shown = files.slice(0, 3).join(', ') + (files.length > 3 ? `, … (${files.length - 3} more)` : '');
  return (
    `matrix: ${files.length} run${files.length === 1 ? '' : 's'} waiting in pending/, not in this report yet: ${shown}. ` +
    'The next run that writes this database imports them (npm run matrix -- run).'
  );
}
