/** The on-disk cache of transformers.js's Auto* mappings gives exactly what importing the library gives. */
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadAutoMappings } from '../generator/auto-mappings.js';
import { cachedAutoMappings } from '../generator/cached-auto-mappings.js';

const plain = (m: Awaited<ReturnType<typeof loadAutoMappings>>) =>
  Object.fromEntries(Object.entries(m).map(([auto, maps]) => [auto, maps.map((map) => [...map.entries()])]));

describe('cachedAutoMappings', () => {
  it('writes a cache on first use and reads back the same mappings as the library', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mappings-cache-'));
    const live = plain(await loadAutoMappings());
    expect(plain(await cachedAutoMappings(dir))).toEqual(live);
    const files = readdirSync(dir);
    expect(files).toHaveLength(1);
    expect(files[0]).toMatch(/^auto-mappings-[0-9a-f]{16}\.json$/);
    const again = await cachedAutoMappings(dir);
    expect(again.AutoModelForMaskedLM?.[0]?.get('bert')).toBe('BertForMaskedLM');
    expect(plain(again)).toEqual(live);
  });

  it('falls back to the library when the cache file is corrupt, and repairs it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mappings-cache-'));
    await cachedAutoMappings(dir);
    const [file] = readdirSync(dir);
    writeFileSync(join(dir, file!), '{ not json');
    expect(plain(await cachedAutoMappings(dir))).toEqual(plain(await loadAutoMappings()));
    expect(plain(await cachedAutoMappings(dir))).toEqual(plain(await loadAutoMappings()));
  });
});
