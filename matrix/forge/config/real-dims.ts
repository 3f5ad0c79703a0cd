/**
 * Reads the dimensions a real `config.json` states, under the key names Hugging Face vision and
 * audio configs use, so `matrix forge --config` builds at real size.
 */

/** A positive integer at the first present key, else undefined. */
export function intAt(config: Record<string, unknown> | undefined, ...keys: string[]): number | undefined {
  if (!config) return undefined;
  for (const key of keys) {
    const value = config[key];
    if (typeof value === 'number' && Number.isInteger(value) && value > 0) return value;
    if (Array.isArray(value) && typeof value[0] === 'number' && Number.isInteger(value[0]) && value[0] > 0) return value[0];
  }
  return undefined;
}
