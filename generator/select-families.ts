/** Picks the families a run is about from `--family`, `--arch` or `--all`. */
import { ARCH_KINDS } from '../matrix/harness/types.js';
import { UnknownFamilyError, UnknownKindError, UsageError } from './errors.js';
import type { FamilyEntry } from './types.js';

/** What the command line asked for. No field set = all families. */
export interface FamilySelection {
  /** Family names (`--family bert,gpt2` may be split already or not). */
  families?: readonly string[];
  arch?: string;
  all?: boolean;
}

/** The selected entries in registry order; throws coded errors for unknown names. */
export function selectFamilies(registry: readonly FamilyEntry[], selection: FamilySelection): FamilyEntry[] {
  const names = (selection.families ?? []).flatMap((f) => f.split(',')).map((f) => f.trim()).filter(Boolean);
  const given = [names.length > 0, selection.arch !== undefined, selection.all === true].filter(Boolean).length;
  if (given > 1) throw new UsageError('Choose one of --family, --arch and --all.');
  if (selection.families && names.length === 0) throw new UsageError('--family needs at least one family name.');
  if (names.length > 0) {
    const byName = new Map(registry.map((e) => [e.family, e]));
    const known = registry.map((e) => e.family);
    for (const name of names) if (!byName.has(name)) throw new UnknownFamilyError(name, known);
    const wanted = new Set(names);
    return registry.filter((e) => wanted.has(e.family));
  }
  if (selection.arch !== undefined) {
    if (!(ARCH_KINDS as readonly string[]).includes(selection.arch)) throw new UnknownKindError(selection.arch, ARCH_KINDS);
    return registry.filter((e) => e.archKind === selection.arch);
  }
  return [...registry];
}

/** True when the selection means every family (then `--check` also reports extra files). */
export function selectsAll(selection: FamilySelection): boolean {
  return !selection.families?.length && selection.arch === undefined;
}
