// The HTML dashboard: one self-contained file that renders its charts in headless Chromium from
// file://, offline, with no console errors and no requests, and screenshots as a real image.
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runReport } from '../matrix/report/run-report.js';
import { KNOWN_RUNS } from './fixtures/report/known-store.js';
import { launchChromium } from './fixtures/report/launch-chromium.js';
import { writeStore } from './fixtures/report/write-store.js';

let dir: string;
let htmlPath: string;
let html: string;
let browser: Browser;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'report-html-'));
  const dbPath = join(dir, 'matrix.duckdb');
  await writeStore(dbPath, KNOWN_RUNS);
  html = await runReport({ dbPath, filters: {}, format: 'html', colorLevel: 0, widthColumns: 120 });
  htmlPath = join(dir, 'matrix.html');
  await import('node:fs').then((fs) => fs.writeFileSync(htmlPath, html));
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('HTML dashboard', () => {
  it('is one file: echarts and the data inline, nothing fetched', () => {
    expect(html).not.toMatch(/<script[^>]+src=/);
    expect(html).not.toMatch(/<link[^>]+href=/);
    expect(html).toContain(readFileSync(join(import.meta.dirname, '../node_modules/echarts/dist/echarts.min.js'), 'utf8').slice(0, 200));
    const data = JSON.parse(/<script type="application\/json" id="matrix-data">(.*?)<\/script>/s.exec(html)![1]!);
    expect(data.grid.rows).toEqual(['bert · feature-extraction', 'gpt2 · text-generation', 'roberta · feature-extraction']);
    expect(data.history.buckets).toHaveLength(2);
    expect(data.speedup.map((s: { label: string }) => s.label)).toEqual(['bert · feature-extraction', 'gpt2 · text-generation']);
  });

  it('renders every chart in Chromium from file:// with no errors or requests, and screenshots', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const problems: string[] = [];
    const requests: string[] = [];
    page.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') problems.push(m.text()); });
    page.on('pageerror', (e) => problems.push(String(e)));
    page.on('request', (r) => { if (r.url() !== pathToFileURL(htmlPath).href) requests.push(r.url()); });
    await page.goto(pathToFileURL(htmlPath).href);
    await page.waitForSelector('body[data-ready="true"]', { timeout: 30_000 });
    const charts = await page.evaluate(() => {
      const echarts = (window as unknown as { echarts: { getInstanceByDom(el: Element): { getOption(): { series: { data: unknown[] }[] } } | undefined } }).echarts;
      return Array.from(document.querySelectorAll('.chart')).map((el) => {
        const chart = echarts.getInstanceByDom(el);
        const canvas = el.querySelector('canvas');
        return {
          id: el.id,
          series: chart ? chart.getOption().series.length : -1,
          points: chart ? chart.getOption().series.reduce((n, s) => n + (s.data?.length ?? 0), 0) : 0,
          canvas: canvas ? { width: canvas.width, height: canvas.height, png: canvas.toDataURL('image/png').length } : null,
        };
      });
    });
    // The memory chart plots cells with a stored timeline; these fixtures have none (test/harness-cell-sizes.test.ts draws one).
    expect(charts.map((c) => c.id)).toEqual(['chart-status', 'chart-latency', 'chart-speedup', 'chart-parity', 'chart-memory', 'chart-history']);
    for (const chart of charts.filter((c) => c.id !== 'chart-memory')) {
      expect(chart.series, chart.id).toBeGreaterThan(0);
      expect(chart.points, chart.id).toBeGreaterThan(0);
      expect(chart.canvas!.width, chart.id).toBeGreaterThan(100);
      expect(chart.canvas!.png, chart.id).toBeGreaterThan(2000); // a blank canvas encodes to a few hundred bytes
    }
    expect(await page.textContent('#counts')).toContain('8 cells: 4 pass');
    expect(await page.$$eval('#history-cell option', (o) => o.length)).toBe(8);
    await page.selectOption('#latency-dtype', 'fp16');
    await page.selectOption('#history-cell', '2');
    const shot = join(dir, 'dashboard.png');
    await page.screenshot({ path: shot, fullPage: true });
    const png = readFileSync(shot);
    expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    expect(png.readUInt32BE(16)).toBe(1280); // IHDR width
    expect(png.readUInt32BE(20)).toBeGreaterThan(1500); // full page height: all five sections
    expect(statSync(shot).size).toBeGreaterThan(50_000);
    expect(problems).toEqual([]);
    expect(requests).toEqual([]);
    await page.close();
  });
});
