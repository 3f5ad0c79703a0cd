/**
 * The render context contract templates are written against:
 * `{ entry: FamilyEntry, templateName: "encoder-only.hbs", harnessImport: "../matrix/harness/index.js" }`.
 * Optional fields of the entry and of each task's sample are present (as undefined when unset),
 * so that `{{#if entry.hubModelId}}` works under Handlebars' strict mode; and reading a field
 * that does not exist throws even where strict mode lets it pass (helper arguments such as
 * `{{#if entry.hubModelIdd}}` or `{{lit task.smaple}}`).
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

/** Thrown when a template reads a field the render context does not have. */
export class UnknownFieldError extends Error {}

const views = new WeakMap<object, object>();

/** A read-only view of `value` whose objects throw UnknownFieldError on reads of absent string keys. */
export function strictView<T>(value: T, where = 'context'): T {
  if (value === null || typeof value !== 'object') return value;
  const cached = views.get(value);
  if (cached) return cached as T;
  const view = new Proxy(value, {
    get(target, key, receiver) {
      if (typeof key === 'symbol') return Reflect.get(target, key, receiver);
      if (key in target) {
        const inner = Reflect.get(target, key, receiver);
        return strictView(inner, Array.isArray(target) ? `${where}[${key}]` : `${where}.${key}`);
      }
      const fields = Array.isArray(target) ? `an array of ${target.length}` : `fields: ${Object.keys(target).join(', ')}`;
      throw new UnknownFieldError(`"${key}" is not a field of ${where} (${fields})`);
    },
    set() {
      throw new UnknownFieldError(`templates may not change ${where}`);
    },
  });
  views.set(value, view);
  return view;
}
