/** The `--list` table: family, kind, tasks (default task first, marked `*`), then counts per kind. */
import { ARCH_KINDS } from '../matrix/harness/types.js';
import type { FamilyEntry } from './types.js';

/** Lines of the table; with `reasons`, each family is followed by why it got its kind. */
export function formatList(entries: readonly FamilyEntry[], options: { reasons?: boolean } = {}): string[] {
  const familyWidth = Math.max(6, ...entries.map((e) => e.family.length)) + 2;
  const kindWidth = Math.max(...ARCH_KINDS.map((k) => k.length)) + 2;
  const lines = [`${'family'.padEnd(familyWidth)}${'kind'.padEnd(kindWidth)}tasks`];
  for (const e of entries) {
    const tasks = [...new Set([e.defaultTask, ...e.tasks.map((t) => t.task)])];
    lines.push(`${e.family.padEnd(familyWidth)}${e.archKind.padEnd(kindWidth)}${tasks.map((t, i) => (i === 0 ? `${t}*` : t)).join(', ')}`);
    if (options.reasons) lines.push(`${' '.repeat(familyWidth)}  why: ${e.kindReason}`);
  }
  const counts = ARCH_KINDS.map((k) => [k, entries.filter((e) => e.archKind === k).length] as const).filter(([, n]) => n > 0);
  lines.push(`${entries.length} families: ${counts.map(([k, n]) => `${k} ${n}`).join(', ')} (* = default task)`);
  return lines;
}
