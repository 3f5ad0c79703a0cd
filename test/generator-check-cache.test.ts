import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CheckCache } from '../generator/check-cache.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'check-cache-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('check cache', () => {
  const bert = { fileName: 'bert.test.ts', text: 'const a = 1;\n' };
  const gpt2 = { fileName: 'gpt2.test.ts', text: 'const b = 2;\n' };

  it('starts cold: nothing is clean without a cache file, or with a corrupt one', async () => {
    const cache = new CheckCache(path.join(dir, 'cache.json'));
    expect(await cache.load()).toBe(false);
    expect(cache.allClean([bert])).toBe(false);
    await writeFile(path.join(dir, 'cache.json'), '{not json');
    expect(await new CheckCache(path.join(dir, 'cache.json')).load()).toBe(false);
  });

  it('skips only files that checked clean, with the same text, against unchanged inputs', async () => {
    const input = path.join(dir, 'harness.d.ts');
    await writeFile(input, 'export declare const x: number;\n');
    await new CheckCache(path.join(dir, 'cache.json')).record([input], [bert]);

    const again = new CheckCache(path.join(dir, 'cache.json'));
    expect(await again.load()).toBe(true);
    expect(again.allClean([bert])).toBe(true);
    expect(again.allClean([bert, gpt2])).toBe(false);
    expect(again.allClean([{ ...bert, text: 'const a = 2;\n' }])).toBe(false);

    await writeFile(input, 'export declare const x: string;\n'); // the harness changed
    const stale = new CheckCache(path.join(dir, 'cache.json'));
    expect(await stale.load()).toBe(false);
    expect(stale.allClean([bert])).toBe(false);
  });

  it('keeps earlier clean files when inputs are unchanged, and forgets them when inputs change', async () => {
    const input = path.join(dir, 'harness.d.ts');
    await writeFile(input, 'v1\n');
    const cache = new CheckCache(path.join(dir, 'cache.json'));
    await cache.record([input], [bert]);
    await cache.record([input], [gpt2]);
    expect(cache.allClean([bert, gpt2])).toBe(true);
    await writeFile(input, 'v2\n');
    await cache.record([input], [gpt2]);
    expect(cache.allClean([gpt2])).toBe(true);
    expect(cache.allClean([bert])).toBe(false);
  });
});
