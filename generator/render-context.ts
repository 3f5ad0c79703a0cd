/**
 * The render context contract templates are written against:
 * `{ entry: FamilyEntry, templateName: "encoder-only.hbs", harnessImport: "../matrix/harness/index.js" }`.
 * Optional fields of the entry and of each task's sample are present (as undefined when unset),
 * so that `{{#if entry.hubModelId}}` works under Handlebars' strict mode.
 */
import type { FamilyEntry, TaskSample } from './types.js';

/** The import specifier generated tests use for the harness (the only project module they import). */
export const HARNESS_IMPORT = '../matrix/harness/index.js';

/** What every template renders from. */
export interface RenderContext {
  entry: FamilyEntry;
  /** File name of the template, e.g. `encoder-only.hbs`. */
  templateName: string;
  harnessImport: typeof HARNESS_IMPORT;
}

const SAMPLE_KEYS: ReadonlyArray<keyof TaskSample> = [
  'texts',
  'textPairs',
  'candidateLabels',
  'imageSize',
  'audioSeconds',
  'maxNewTokens',
];

/** Builds the context for one family, with every optional key present. */
export function renderContext(entry: FamilyEntry, templateName: string): RenderContext {
  const tasks = entry.tasks.map((task) => {
    const sample: TaskSample = {};
    for (const key of SAMPLE_KEYS) (sample as Record<string, unknown>)[key] = task.sample[key];
    return { ...task, sample };
  });
  return {
    entry: { ...entry, hubModelId: entry.hubModelId, tasks },
    templateName,
    harnessImport: HARNESS_IMPORT,
  };
}

/** The template file for an architecture kind. */
export function templateNameFor(archKind: string): string {
  return `${archKind}.hbs`;
}
