/**
 * Task auto-detection: a model's `config.json` (`model_type`, `architectures`) through the family
 * registry (derived from the installed transformers.js, generator/registry.ts) to its family, kind and
 * the tasks its architecture really has — a bare `BertModel` has feature-extraction only, a
 * `BertForSequenceClassification` text-classification only. No Hub call here; see `preferPipelineTag`.
 */
import { deriveRegistry } from '../../generator/registry.js';
import type { FamilyEntry, FamilyTask } from '../../generator/types.js';
import { closestMatches } from '../errors.js';
import type { ArchKind } from '../harness/types.js';
import { UnsupportedArchitectureError } from './errors.js';

/** What a model is, as the matrix drives it. */
export interface DetectedModel {
  family: string;
  archKind: ArchKind;
  /** The tasks the model's architectures have (registry order: most-tried first). */
  tasks: Array<Pick<FamilyTask, 'task' | 'autoClass' | 'modelClass'>>;
  /** The config's `architectures` (empty when it lists none). */
  architectures: string[];
  /** How the tasks were chosen, for the run's notes. */
  how: string;
}

/** The config fields detection reads. */
export interface DetectConfig {
  model_type?: unknown;
  architectures?: unknown;
}

/** Detects family and tasks; `where` names the model in errors. Throws UnsupportedArchitectureError. */
export async function detectModel(config: DetectConfig, where: string, registry?: readonly FamilyEntry[]): Promise<DetectedModel> {
  return detectWith(config, where, registry ?? (await deriveRegistry()));
}

/** The synchronous core of detectModel. */
export function detectWith(config: DetectConfig, where: string, registry: readonly FamilyEntry[]): DetectedModel {
  const modelType = typeof config.model_type === 'string' ? config.model_type : '';
  const architectures = Array.isArray(config.architectures) ? config.architectures.filter((a): a is string => typeof a === 'string') : [];
  const entry = registry.find((e) => e.family === modelType);
  if (!entry) {
    // A config without a known model_type may still name a class some family has.
    const byClass = architectures.map((a) => registry.find((e) => e.tasks.some((t) => t.modelClass === a))).find(Boolean);
    if (byClass) return detectWith({ ...config, model_type: byClass.family }, where, registry);
    const what = modelType ? `model_type "${modelType}"` : 'a config.json without model_type';
    throw new UnsupportedArchitectureError(what, closestMatches(modelType || architectures[0] || '', registry.map((e) => e.family)), where);
  }
  const pick = (t: FamilyTask) => ({ task: t.task, autoClass: t.autoClass, modelClass: t.modelClass });
  if (architectures.length === 0) {
    const task = entry.tasks.find((t) => t.task === entry.defaultTask) ?? entry.tasks[0];
    if (!task) throw new UnsupportedArchitectureError(`model_type "${modelType}"`, [], where);
    return { family: entry.family, archKind: entry.archKind, tasks: [pick(task)], architectures, how: `config lists no architectures: the family's default task ${task.task}` };
  }
  const tasks = entry.tasks.filter((t) => architectures.includes(t.modelClass));
  if (tasks.length === 0) {
    const classes = entry.tasks.map((t) => t.modelClass);
    const near = closestMatches(architectures[0]!, classes, 3);
    throw new UnsupportedArchitectureError(`architecture ${architectures.join(', ')} (model_type "${modelType}")`, near.length ? near : classes.slice(0, 3), where);
  }
  return { family: entry.family, archKind: entry.archKind, tasks: tasks.map(pick), architectures, how: `from config.json architectures ${architectures.join(', ')}` };
}

/** Orders `detected.tasks` so the Hub's `pipeline_tag` (when the Hub answered) comes first; unchanged otherwise. */
export function preferPipelineTag(detected: DetectedModel, pipelineTag: string | undefined): DetectedModel {
  if (!pipelineTag || !detected.tasks.some((t) => t.task === pipelineTag)) return detected;
  const tasks = [...detected.tasks].sort((a, b) => Number(b.task === pipelineTag) - Number(a.task === pipelineTag));
  return { ...detected, tasks, how: `${detected.how}; Hub pipeline_tag ${pipelineTag}` };
}
