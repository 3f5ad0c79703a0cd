// matrix badges: valid SVG files (parsed as XML by Chromium's DOMParser) saying the right things.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeBadges } from '../matrix/report/write-badges.js';
import { KNOWN_RUNS } from './fixtures/report/known-store.js';
import { launchChromium } from './fixtures/report/launch-chromium.js';
import { writeStore } from './fixtures/report/write-store.js';

let dir: string;
let dbPath: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'report-badges-'));
  dbPath = join(dir, 'matrix.duckdb');
  await writeStore(dbPath, KNOWN_RUNS);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('badges', () => {
  it('writes a summary, per-family, per-device and per-family-device badge with status and p50', async () => {
    const out = join(dir, 'badges');
    const written = await writeBadges({ dbPath, filters: {}, outDir: out });
    const files = readdirSync(out).sort();
    expect(files).toEqual([
      'device-node-cpu.svg', 'device-node-cuda.svg', 'device-node-dml.svg',
      'family-bert-node-cpu.svg', 'family-bert-node-cuda.svg', 'family-bert.svg',
      'family-gpt2-node-cpu.svg', 'family-gpt2-node-cuda.svg', 'family-gpt2.svg',
      'family-roberta-node-cpu.svg', 'family-roberta-node-cuda.svg', 'family-roberta.svg',
      'index.md', 'summary.svg',
    ]);
    expect(written).toHaveLength(13);
    const title = (file: string): string => /<title>(.*?)<\/title>/.exec(readFileSync(join(out, file), 'utf8'))![1]!;
    expect(title('summary.svg')).toBe('model-matrix: 4/7 pass · 1 fail · 1 mismatch · 1 mock');
    expect(title('family-bert-node-cpu.svg')).toMatch(/^bert node\/cpu: 2\/2 pass · p50 \d+\.\d+ ms fp32$/);
    expect(title('family-roberta.svg')).toBe('roberta: 0/2 pass · 1 fail · 1 mock');
    expect(title('device-node-dml.svg')).toBe('node/dml: unavailable');
    expect(readFileSync(join(out, 'index.md'), 'utf8')).toContain('![model-matrix: 4/7 pass · 1 fail · 1 mismatch · 1 mock](summary.svg)');

    const browser = await launchChromium();
    try {
      const page = await browser.newPage();
      for (const file of files.filter((f) => f.endsWith('.svg'))) {
        const svg = readFileSync(join(out, file), 'utf8');
        const parsed = await page.evaluate((text) => {
          const doc = new DOMParser().parseFromString(text, 'image/svg+xml');
          return { root: doc.documentElement.nodeName, ns: doc.documentElement.namespaceURI, errors: doc.getElementsByTagName('parsererror').length };
        }, svg);
        expect(parsed, file).toEqual({ root: 'svg', ns: 'http://www.w3.org/2000/svg', errors: 0 });
      }
      // the check itself rejects broken XML
      const broken = await page.evaluate(() => new DOMParser().parseFromString('<svg xmlns="http://www.w3.org/2000/svg"><g></svg>', 'image/svg+xml').getElementsByTagName('parsererror').length);
      expect(broken).toBeGreaterThan(0);
    } finally {
      await browser.close();
    }
  });
});
