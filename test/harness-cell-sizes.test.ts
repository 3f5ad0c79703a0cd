/**
 * A real encoder cell's sizes end to end: FLOPs of a forged bert against a hand count at the measured input
 * shape, its memory timeline (phases in order, no point inside the timed loop), both through the store and
 * back out of `matrix report` (json, md, csv), and the dashboard's memory plot for the selected cell in Chromium.
 */
import { readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useFamily, type CellBody } from '../matrix/harness/index.js';
import type { CellResult } from '../matrix/harness/types.js';
import { forwardFlops } from '../matrix/harness/cell-flops.js';
import { runReport } from '../matrix/report/run-report.js';
import { withStore } from '../matrix/store/open-store.js';
import { writeRun } from '../matrix/store/write-run.js';
import { launchChromium } from './fixtures/report/launch-chromium.js';
import { runInfo } from './fixtures/reporter/cells.js';
import { CPU_ONLY, forgeInto, removeDir } from './harness-fixtures.js';

const FEATURES = { task: 'feature-extraction', autoClass: 'AutoModel', modelClass: 'BertModel' };

let forged = '';
let cell: CellResult;
let dims: number[] = [];
let loopMs = 0;
let dbPath = '';

beforeAll(async () => {
  forged = await forgeInto(['bert']);
  const fam = await useFamily({ family: 'bert', archKind: 'encoder-only' }, { devices: CPU_ONLY, forgedDir: forged, env: { MATRIX_DTYPES: 'fp32' } });
  const [reference] = fam.cells(FEATURES);
  const body: CellBody = async (m) => {
    const inputs = await m.tokenize(['a short one', 'and a somewhat longer second sentence']);
    dims = [...inputs.input_ids!.dims];
    const start = performance.now();
    const out = await m.measure(() => m.forward(inputs), { items: 2 });
    loopMs = performance.now() - start;
    return { last_hidden_state: out.last_hidden_state! };
  };
  cell = (await reference!.execute(body)).result;
  dbPath = join(forged, 'sizes.duckdb');
  await withStore({ path: dbPath }, (store) => writeRun(store.connection, { run: runInfo(), devices: CPU_ONLY, cells: [cell], interrupted: false, finishedAt: '2025-01-01T00:05:00.000Z' }));
}, 120_000);
afterAll(() => removeDir(forged));

/** The forged folder of (family, task) under the forged set. */
function folderOf(root: string, family: string, task: string): string {
  for (const name of readdirSync(root)) {
    const path = join(root, name);
    if (!statSync(path).isDirectory()) continue;
    if (name === family && statSync(join(path, task), { throwIfNoEntry: false })?.isDirectory()) return join(path, task);
    const found = name === family ? '' : folderOf(path, family, task);
    if (found) return found;
  }
  return '';
}

describe('sizes of a real encoder cell', () => {
  it('stores FLOPs equal to the hand count of the forged bert at the measured [batch, tokens], and GFLOP/s from p50', () => {
    expect(cell.status).toBe('pass');
    if (cell.status !== 'pass') return;
    const config = JSON.parse(readFileSync(join(folderOf(forged, 'bert', 'feature-extraction'), 'config.json'), 'utf8')) as Record<string, number>;
    const [h, layers, heads, ffn] = [config.hidden_size!, config.num_hidden_layers!, config.num_attention_heads!, config.intermediate_size!];
    expect([h, layers, heads, ffn]).toEqual([32, 2, 4, 64]);
    const [b, s] = [dims[0]!, dims[1]!];
    expect(b).toBe(2);
    // Per token and layer: q, k, v, o (h·h each) and the FFN (h·ffn, ffn·h) MACs; per layer Q·Kᵀ and P·V.
    const weights = 2 * b * s * layers * (4 * h * h + 2 * h * ffn);
    const attention = layers * 2 * 2 * b * heads * s * s * (h / heads);
    const m = cell.measurements;
    expect(m.flops).toBe(weights + attention);
    expect(m.gflopsPerSecond).toBeCloseTo(m.flops! / (m.latency.p50Ms / 1000) / 1e9, 6);
    expect(m.modelBytes).toBeGreaterThan(10_000);
  });

  it('stores a small memory timeline: load, then first, then measure, with no point inside the timed loop', () => {
    if (cell.status !== 'pass') throw new Error(`cell ${cell.status}`);
    const t = cell.measurements.memoryTimeline!;
    expect(t.length).toBeGreaterThanOrEqual(4 + 2 + 2);
    expect(t.length).toBeLessThanOrEqual(20);
    const order = { load: 0, first: 1, measure: 2 } as const;
    for (let i = 1; i < t.length; i++) {
      expect(order[t[i]!.phase]).toBeGreaterThanOrEqual(order[t[i - 1]!.phase]);
      expect(t[i]!.tMs).toBeGreaterThanOrEqual(t[i - 1]!.tMs);
    }
    expect(t.filter((p) => p.phase === 'load')).toHaveLength(4); // before and after each of the cold and warm loads
    const lastLoad = t.filter((p) => p.phase === 'load').at(-1)!;
    const firstAfter = t.find((p) => p.phase === 'first')!;
    // Every point lies before the body or after it: the gap holds the whole timed loop.
    expect(firstAfter.tMs - lastLoad.tMs).toBeGreaterThanOrEqual(loopMs);
    for (const p of t) expect(p.rssBytes).toBeGreaterThan(1e6);
  });

  it('reads back from the store into matrix report json, md and csv', async () => {
    if (cell.status !== 'pass') throw new Error(`cell ${cell.status}`);
    const json = JSON.parse(await runReport({ dbPath, filters: {}, format: 'json', colorLevel: 0, widthColumns: 120 })) as { cells: Array<Record<string, unknown>> };
    expect(json.cells[0]).toMatchObject({ flops: cell.measurements.flops, modelBytes: cell.measurements.modelBytes, memoryTimeline: cell.measurements.memoryTimeline });
    expect(json.cells[0]!.gflopsPerSecond).toBeCloseTo(cell.measurements.gflopsPerSecond!, 9);
    const md = await runReport({ dbPath, filters: {}, format: 'md', colorLevel: 0, widthColumns: 120 });
    expect(md).toContain('### FLOPs and model size');
    expect(md).toContain(cell.measurements.flops!.toExponential(3));
    const [header, row] = (await runReport({ dbPath, filters: {}, format: 'csv', colorLevel: 0, widthColumns: 120 })).split('\r\n').map((l) => l.split(','));
    expect(Number(row![header!.indexOf('flops')])).toBe(cell.measurements.flops);
    expect(Number(row![header!.indexOf('modelBytes')])).toBe(cell.measurements.modelBytes);
  });

  it('the dashboard plots the selected cell\'s timeline beside its peak RSS and model size, with FLOPs, in Chromium', async () => {
    if (cell.status !== 'pass') throw new Error(`cell ${cell.status}`);
    const htmlPath = join(forged, 'matrix.html');
    writeFileSync(htmlPath, await runReport({ dbPath, filters: {}, format: 'html', colorLevel: 0, widthColumns: 120 }));
    const browser = await launchChromium();
    try {
      const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
      const problems: string[] = [];
      page.on('pageerror', (e) => problems.push(String(e)));
      page.on('console', (m) => { if (m.type() === 'error') problems.push(m.text()); });
      await page.goto(pathToFileURL(htmlPath).href);
      await page.waitForSelector('body[data-ready="true"]', { timeout: 30_000 });
      expect(await page.$$eval('#memory-cell option', (o) => o.map((x) => x.textContent))).toEqual(['bert · feature-extraction · node/cpu fp32 b1']);
      await page.selectOption('#memory-cell', '0');
      const plot = await page.evaluate(() => {
        const echarts = (window as unknown as { echarts: { getInstanceByDom(el: Element): { getOption(): { series: Array<{ name: string; data: unknown[]; markLine?: { data: Array<{ name: string; yAxis: number }> } }> } } } }).echarts;
        const option = echarts.getInstanceByDom(document.getElementById('chart-memory')!).getOption();
        const canvas = document.querySelector('#chart-memory canvas') as HTMLCanvasElement;
        return {
          series: option.series.map((s) => [s.name, s.data.length]),
          lines: option.series.flatMap((s) => s.markLine?.data ?? []).map((l) => l.name),
          png: canvas.toDataURL('image/png').length,
        };
      });
      const t = cell.measurements.memoryTimeline!;
      expect(plot.series).toEqual(['load', 'first', 'measure'].map((phase) => [phase, t.filter((p) => p.phase === phase).length]));
      expect(plot.lines).toEqual(['peak RSS', 'model files']);
      expect(plot.png).toBeGreaterThan(2000);
      const note = await page.textContent('#memory-note');
      expect(note).toContain(`model files ${(cell.measurements.modelBytes! / 1048576).toFixed(1)} MiB`);
      expect(note).toContain(`FLOPs ${cell.measurements.flops!.toExponential(3)}`);
      expect(note).toContain('GFLOP/s');
      const shot = join(forged, 'memory.png');
      await (await page.$('#chart-memory'))!.screenshot({ path: shot });
      expect(statSync(shot).size).toBeGreaterThan(5_000);
      expect(problems).toEqual([]);
    } finally {
      await browser.close();
    }
  });
});

describe('the dashboard for a web cell', () => {
  it('says why a web cell has no memory timeline, beside its peak and sizes', async () => {
    if (cell.status !== 'pass') throw new Error(`cell ${cell.status}`);
    const { memoryTimeline: _none, ...rest } = cell.measurements;
    const web: CellResult = { ...cell, key: { ...cell.key, platform: 'web' }, measurements: rest };
    const webDb = join(forged, 'web.duckdb');
    await withStore({ path: webDb }, (store) => writeRun(store.connection, { run: runInfo(), devices: CPU_ONLY, cells: [web], interrupted: false, finishedAt: '2025-01-01T00:05:00.000Z' }));
    const htmlPath = join(forged, 'web.html');
    writeFileSync(htmlPath, await runReport({ dbPath: webDb, filters: {}, format: 'html', colorLevel: 0, widthColumns: 120 }));
    const browser = await launchChromium();
    try {
      const page = await browser.newPage();
      await page.goto(pathToFileURL(htmlPath).href);
      await page.waitForSelector('body[data-ready="true"]', { timeout: 30_000 });
      expect(await page.$$eval('#memory-cell option', (o) => o.map((x) => x.textContent))).toEqual(['bert · feature-extraction · web/cpu fp32 b1']);
      const note = await page.textContent('#memory-note');
      expect(note).toContain('no timeline for a web cell: the page has no process RSS to sample');
      expect(note).toContain(`FLOPs ${cell.measurements.flops!.toExponential(3)}`);
    } finally {
      await browser.close();
    }
  });
});

describe('sizes of a real vision cell', () => {
  let vitForged = '';
  let vitCell: CellResult;
  let pixels: number[] = [];
  beforeAll(async () => {
    vitForged = await forgeInto(['vit']);
    const fam = await useFamily({ family: 'vit', archKind: 'vision' }, { devices: CPU_ONLY, forgedDir: vitForged, env: { MATRIX_DTYPES: 'fp32' } });
    const [reference] = fam.cells({ task: 'image-classification', autoClass: 'AutoModelForImageClassification', modelClass: 'ViTForImageClassification' });
    const body: CellBody = async (m) => {
      const single = await m.images(1, [224, 224]);
      pixels = [...single.pixel_values!.dims];
      const out = await m.measure(() => m.forward(single), { items: 1 });
      return { logits: out.logits! };
    };
    vitCell = (await reference!.execute(body)).result;
  }, 120_000);
  afterAll(() => removeDir(vitForged));

  it('stores FLOPs equal to the hand count of the forged vit: the patch Conv at the measured pixels, the encoder over patches + [CLS], the head on [CLS]', () => {
    expect(vitCell.status).toBe('pass');
    if (vitCell.status !== 'pass') return;
    const config = JSON.parse(readFileSync(join(folderOf(vitForged, 'vit', 'image-classification'), 'config.json'), 'utf8')) as Record<string, number> & { id2label: Record<string, string> };
    const [h, layers, heads, ffn, patch, channels] = [config.hidden_size!, config.num_hidden_layers!, config.num_attention_heads!, config.intermediate_size!, config.patch_size!, config.num_channels!];
    const labels = Object.keys(config.id2label).length;
    expect([h, layers, heads, ffn, patch, labels]).toEqual([32, 2, 4, 64, 8, 5]);
    const [b, c, height, width] = pixels as [number, number, number, number];
    expect([b, c]).toEqual([1, channels]);
    const patches = (height / patch) * (width / patch);
    const tokens = patches + 1;
    // Conv: every output position (h channels × patches) is a dot product over c·patch·patch inputs.
    const conv = 2 * b * h * patches * c * patch * patch;
    const weights = 2 * b * tokens * layers * (4 * h * h + 2 * h * ffn);
    const attention = layers * 2 * 2 * b * heads * tokens * tokens * (h / heads);
    const head = 2 * b * h * labels;
    const m = vitCell.measurements;
    expect(m.flops).toBe(conv + weights + attention + head);
    expect(m.gflopsPerSecond).toBeCloseTo(m.flops! / (m.latency.p50Ms / 1000) / 1e9, 6);
    expect(vitCell.notes ?? []).not.toContainEqual(expect.stringContaining('flops not computed'));
  });

  it('stores no FLOPs, with a note naming the op that lost the shape, when the graph cannot run at the measured shape or takes none of the inputs', () => {
    const folder = folderOf(vitForged, 'vit', 'image-classification');
    const config = JSON.parse(readFileSync(join(folder, 'config.json'), 'utf8')) as Record<string, unknown>;
    const f = forwardFlops(folder, config, { pixel_values: [3, 32, 32] }, 1); // no batch axis: Conv cannot take it
    expect(f.measurements).toEqual({});
    expect(f.note).toMatch(/^flops not computed: input shapes of Conv, MatMul are not known \(first lost at Conv/);
    expect(forwardFlops(folder, config, { attention_mask: [1, 17] }, 1).note).toMatch(/no readable graph in onnx\/ .* takes the measured inputs \(attention_mask\)/);
    expect(forwardFlops(folder, config, { pixel_values: [2, 3, 32, 32] }, 1).measurements.flops).toBe(2 * 827_968); // every op of a vit is linear in the batch: twice the images, twice the FLOPs
  });
});

describe('FLOPs of an encoder–decoder forward', () => {
  let t5Forged = '';
  beforeAll(async () => { t5Forged = await forgeInto(['t5']); }, 120_000);
  afterAll(() => removeDir(t5Forged));

  it('counts the forged t5 encoder at [batch, tokens] and the one decoder step forward makes from the start token (empty past), by hand', () => {
    const folder = folderOf(t5Forged, 't5', 'feature-extraction');
    const config = JSON.parse(readFileSync(join(folder, 'config.json'), 'utf8')) as Record<string, number>;
    const [h, ffn, heads, kv, layers] = [config.d_model!, config.d_ff!, config.num_heads!, config.d_kv!, config.num_layers!];
    expect([h, ffn, heads, kv, layers, config.num_decoder_layers]).toEqual([32, 64, 4, 8, 2, 2]);
    const [b, s] = [2, 7];
    const encoder = layers * (2 * b * s * (4 * h * h + 2 * h * ffn) + 2 * 2 * b * heads * s * s * kv);
    // One new token: self-attention q/k/v/o and the FFN on it, cross-attention q/o on it, k/v over the s encoder states.
    const decoder = layers * (2 * b * (4 * h * h + 2 * h * ffn + 2 * h * h) + 2 * b * s * 2 * h * h + 2 * 2 * b * heads * 1 * 1 * kv + 2 * 2 * b * heads * 1 * s * kv);
    const f = forwardFlops(folder, config, { input_ids: [b, s], attention_mask: [b, s], decoder_input_ids: [b, 1] }, 2);
    expect(f.note).toBeUndefined();
    expect(f.measurements.flops).toBe(encoder + decoder);
    expect(f.measurements.gflopsPerSecond).toBeCloseTo((encoder + decoder) / 0.002 / 1e9, 9);
    // Without the decoder step (an encode), the encoder alone.
    expect(forwardFlops(folder, config, { input_ids: [b, s], attention_mask: [b, s] }, 2).measurements.flops).toBe(encoder);
  });
});
