/**
 * What the family registry knows about one model family (one transformers.js `model_type`).
 * Derived from the installed transformers.js Auto* mappings, overlaid with a small frozen table.
 */
import type { ArchKind } from '../matrix/harness/types.js';

/** One (task, model class) pair a family supports, from one Auto* mapping. */
export interface FamilyTask {
  /** Pipeline task name, e.g. `fill-mask`, `text-generation`, `feature-extraction`. */
  task: string;
  /** Auto class whose mapping lists the family, e.g. `AutoModelForMaskedLM`. */
  autoClass: string;
  /** transformers.js model class, e.g. `BertForMaskedLM` (a checked PascalCase identifier). */
  modelClass: string;
  /** Sample input for this task, from the frozen overlay (templates turn it into literals). */
  sample: TaskSample;
}

/** What a generated test feeds a task. Only the fields the task needs are set. */
export interface TaskSample {
  /** Texts for text tasks; a fill-mask text contains the literal `[MASK]`, which the harness swaps for the tokenizer's mask token. */
  texts?: string[];
  /** Second segments for pair tasks (question answering: question = texts[0], context = textPairs[0]). */
  textPairs?: string[];
  /** Labels for zero-shot tasks. */
  candidateLabels?: string[];
  /** Synthetic image size [width, height] for vision tasks. */
  imageSize?: [number, number];
  /** Synthetic audio length in seconds for audio tasks. */
  audioSeconds?: number;
  /** New tokens to generate for generation tasks. */
  maxNewTokens?: number;
}

export interface FamilyEntry {
  /** The `model_type`, e.g. `bert`, `gpt2`, `llama`. */
  family: string;
  archKind: ArchKind;
  /** Why the classifier chose this kind (shown by `--list`, kept honest for `other`). */
  kindReason: string;
  tasks: FamilyTask[];
  /** The task a person would try first. */
  defaultTask: string;
  /** A well-known Hub model id in transformers.js layout, from the overlay; absent when none is known. */
  hubModelId?: string;
}
