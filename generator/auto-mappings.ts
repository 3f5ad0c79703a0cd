/**
 * The Auto* class mappings of transformers.js: for each Auto class, its list of
 * `model_type → model class name` maps. This is the registry's only source of families.
 */

/** `AutoModelForMaskedLM → [Map { bert → BertForMaskedLM, ... }]`, one entry per Auto class. */
export type AutoMappings = Readonly<Record<string, ReadonlyArray<ReadonlyMap<string, string>>>>;

/** Reads `MODEL_CLASS_MAPPINGS` of every `Auto*` export of the installed @huggingface/transformers. */
export async function loadAutoMappings(): Promise<AutoMappings> {
  const library = (await import('@huggingface/transformers')) as unknown as Record<string, unknown>;
  return autoMappingsOf(library);
}

/** Extracts the mappings from a module namespace (exported for tests and other library versions). */
export function autoMappingsOf(library: Readonly<Record<string, unknown>>): AutoMappings {
  const result: Record<string, ReadonlyMap<string, string>[]> = {};
  for (const [name, value] of Object.entries(library)) {
    if (!name.startsWith('Auto')) continue;
    const raw = (value as { MODEL_CLASS_MAPPINGS?: unknown } | null)?.MODEL_CLASS_MAPPINGS;
    if (!Array.isArray(raw)) continue;
    result[name] = raw.map((map: unknown) => toNameMap(map));
  }
  return result;
}

/** Older transformers.js versions stored `[className, class]` pairs; 4.x stores the name. */
function toNameMap(map: unknown): ReadonlyMap<string, string> {
  const names = new Map<string, string>();
  if (!(map instanceof Map)) return names;
  for (const [modelType, info] of map as Map<unknown, unknown>) {
    const className = Array.isArray(info) ? info[0] : info;
    if (typeof modelType === 'string' && typeof className === 'string') names.set(modelType, className);
  }
  return names;
}
