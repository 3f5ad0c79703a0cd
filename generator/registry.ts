/**
 * The family registry: one FamilyEntry per model type of the installed transformers.js,
 * derived from its Auto* mappings and overlaid with the small frozen table in family-overlay.ts.
 */
import type { AutoMappings } from './auto-mappings.js';
import { cachedAutoMappings } from './cached-auto-mappings.js';
import { classifyKind, type KindEvidence } from './classify-kind.js';
import { BASE_CLASS_TASKS, FAMILY_OVERLAY } from './family-overlay.js';
import { sampleFor } from './task-samples.js';
import { BASE_AUTO_CLASS, BASE_TASK_BY_KIND, BASE_TASK_DEFAULT, taskForAutoClass, taskRank } from './task-table.js';
import type { FamilyEntry, FamilyTask } from './types.js';

interface Membership {
  autoClass: string;
  modelClass: string;
}

/**
 * Derives the registry, sorted by family. `mappings` defaults to the installed library's;
 * pass other mappings (a grown one, an older library's) to see what they would give.
 */
export async function deriveRegistry(mappings?: AutoMappings): Promise<FamilyEntry[]> {
  return registryFromMappings(mappings ?? (await cachedAutoMappings()));
}

/** The synchronous core of deriveRegistry. */
export function registryFromMappings(mappings: AutoMappings): FamilyEntry[] {
  const named = new Map<string, Membership[]>();
  const namedPairs = new Set<string>();
  for (const autoClass of Object.keys(mappings).sort()) {
    if (autoClass === BASE_AUTO_CLASS) continue;
    for (const map of mappings[autoClass] ?? []) {
      for (const [family, modelClass] of map) {
        push(named, family, { autoClass, modelClass });
        namedPairs.add(pairKey(family, modelClass));
      }
    }
  }
  // AutoModel's maps hold every mapping; what no other Auto class lists is a bare base model.
  const bare = new Map<string, Membership[]>();
  for (const map of mappings[BASE_AUTO_CLASS] ?? []) {
    for (const [family, modelClass] of map) {
      if (!namedPairs.has(pairKey(family, modelClass))) push(bare, family, { autoClass: BASE_AUTO_CLASS, modelClass });
    }
  }
  const families = [...new Set([...named.keys(), ...bare.keys()])].sort();
  return families.map((family) => entryFor(family, named.get(family) ?? [], bare.get(family) ?? []));
}

function entryFor(family: string, named: Membership[], bare: Membership[]): FamilyEntry {
  const evidence: KindEvidence[] = named.map((m) => ({ ...m, task: taskForAutoClass(m.autoClass) }));
  const silent: Membership[] = [];
  for (const m of bare) {
    const task = BASE_CLASS_TASKS[m.modelClass];
    if (task) evidence.push({ ...m, task });
    else silent.push(m);
  }
  const { archKind, kindReason } = classifyKind(
    evidence,
    silent.map((m) => m.modelClass),
  );
  const baseTask = BASE_TASK_BY_KIND[archKind] ?? BASE_TASK_DEFAULT;
  const all: KindEvidence[] = [...evidence, ...silent.map((m) => ({ ...m, task: baseTask }))];
  const tasks = uniqueTasks(all);
  const overlay = FAMILY_OVERLAY[family];
  const overlayTask = overlay?.defaultTask;
  const defaultTask =
    overlayTask && tasks.some((t) => t.task === overlayTask) ? overlayTask : (tasks[0]?.task ?? baseTask);
  const entry: FamilyEntry = { family, archKind, kindReason, tasks, defaultTask };
  if (overlay?.hubModelId) entry.hubModelId = overlay.hubModelId;
  return entry;
}

/** One task per (task, model class), most-tried task first; ties keep Auto class order. */
function uniqueTasks(all: KindEvidence[]): FamilyTask[] {
  const seen = new Set<string>();
  const tasks: FamilyTask[] = [];
  for (const e of all) {
    const key = pairKey(e.task, e.modelClass);
    if (seen.has(key)) continue;
    seen.add(key);
    tasks.push({ task: e.task, autoClass: e.autoClass, modelClass: e.modelClass, sample: sampleFor(e.task) });
  }
  return tasks
    .map((t, i) => ({ t, i }))
    .sort((a, b) => taskRank(a.t.task) - taskRank(b.t.task) || a.i - b.i)
    .map(({ t }) => t);
}

function push<V>(map: Map<string, V[]>, key: string, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function pairKey(a: string, b: string): string {
  return `${a}\u0000${b}`;
}
