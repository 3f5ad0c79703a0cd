/**
 * Classifies a family into an architecture kind from the tasks its mappings give it.
 * Rules, in order; the first whose modality the family has wins. No per-family branches:
 * a model type new in a transformers.js upgrade gets its kind from the same rules.
 */
import type { ArchKind } from '../matrix/harness/types.js';
import { modalityOf, taskRank, type TaskModality } from './task-table.js';

/** One piece of evidence: a task the family serves through a mapping. */
export interface KindEvidence {
  task: string;
  autoClass: string;
  modelClass: string;
}

/** The kind and a sentence saying why. */
export interface KindDecision {
  archKind: ArchKind;
  kindReason: string;
}

interface KindRule {
  archKind: Exclude<ArchKind, 'other'>;
  /** The rule fires when the family has a task of any of these modalities ... */
  anyOf: readonly TaskModality[];
  /** ... or tasks of all of these (two modalities at once). */
  allOf?: readonly TaskModality[];
  says: string;
}

/** The rules, strongest first. Multimodal outranks single modalities; seq2seq outranks its causal-LM head. */
export const KIND_RULES: readonly KindRule[] = Object.freeze([
  { archKind: 'multimodal', anyOf: ['multimodal'], says: 'a task that joins two modalities' },
  { archKind: 'multimodal', anyOf: [], allOf: ['vision', 'audio'], says: 'both vision and audio tasks' },
  { archKind: 'audio', anyOf: ['audio'], says: 'an audio task' },
  { archKind: 'vision', anyOf: ['vision'], says: 'a vision task' },
  { archKind: 'encoder-decoder', anyOf: ['text-encoder-decoder'], says: 'a text seq2seq task' },
  { archKind: 'decoder-only', anyOf: ['text-decoder'], says: 'a causal-LM task' },
  { archKind: 'encoder-only', anyOf: ['text-encoder'], says: 'a text encoder task' },
]);

/**
 * Decides the kind. `evidence` holds the tasks that say something about the family;
 * `bareClasses` are its bare AutoModel classes that say nothing (used only in the reason for `other`).
 */
export function classifyKind(evidence: readonly KindEvidence[], bareClasses: readonly string[]): KindDecision {
  const modalities = new Set(evidence.map((e) => modalityOf(e.task)));
  for (const rule of KIND_RULES) {
    const fires = rule.allOf
      ? rule.allOf.every((m) => modalities.has(m))
      : rule.anyOf.some((m) => modalities.has(m));
    if (!fires) continue;
    const wanted = new Set([...rule.anyOf, ...(rule.allOf ?? [])]);
    const shown = byRank(evidence.filter((e) => wanted.has(modalityOf(e.task))));
    return { archKind: rule.archKind, kindReason: `${rule.says}: ${shown.map(describe).join('; ')}` };
  }
  if (evidence.length > 0) {
    const tasks = [...new Set(evidence.map((e) => e.task))].join(', ');
    return {
      archKind: 'other',
      kindReason: `its tasks (${tasks}) are none of text, vision, audio or multimodal: ${byRank(evidence).map(describe).join('; ')}`,
    };
  }
  const classes = bareClasses.length ? bareClasses.join(', ') : 'none';
  return {
    archKind: 'other',
    kindReason: `only a bare AutoModel class (${classes}): no task mapping says whether it reads text, images or audio`,
  };
}

function byRank(list: readonly KindEvidence[]): KindEvidence[] {
  return [...list].sort((a, b) => taskRank(a.task) - taskRank(b.task));
}

function describe(e: KindEvidence): string {
  return `${e.task} via ${e.autoClass} (${e.modelClass})`;
}
