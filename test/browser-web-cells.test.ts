/**
 * Web cells for real: headless Debian Chromium, transformers.js's browser build and ONNX Runtime Web's
 * wasm, a forged bert served by the loopback model server. Skipped (with the reason in the title) where
 * /usr/bin/chromium is not installed; CI installs it.
 */
import { existsSync } from 'node:fs';
import { Tensor } from '@huggingface/transformers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { closePage, loadInPage, startWebPlatform, type WebPlatform } from '../matrix/browser/index.js';
import { DEFAULT_CHROMIUM } from '../matrix/devices/probe-browser.js';
import { useFamily } from '../matrix/harness/use-family.js';
import type { CellResult, DeviceReport } from '../matrix/harness/types.js';
import { CPU_ONLY, forgeInto, removeDir } from './harness-fixtures.js';

const FILL_MASK = { task: 'fill-mask', autoClass: 'AutoModelForMaskedLM', modelClass: 'BertForMaskedLM' };
const hasChromium = existsSync(DEFAULT_CHROMIUM);

describe('the web platform without a browser', () => {
  it('reports every web device unavailable with the reason, and no context, instead of failing', async () => {
    const web = await startWebPlatform({ roots: [], executablePath: '/nonexistent/chromium' });
    expect(web.context).toBeNull();
    expect(web.devices.map((d) => [d.platform, d.device, d.available, d.reason])).toEqual(
      ['wasm', 'webgpu', 'webnn'].map((d) => ['web', d, false, 'Chromium not found at /nonexistent/chromium (apt-get install -y chromium)']),
    );
    await web.close();
  });
});

describe.runIf(hasChromium)(`web cells in ${DEFAULT_CHROMIUM}`, () => {
  let forged: string;
  let web: WebPlatform;
  let devices: DeviceReport[];

  beforeAll(async () => {
    forged = await forgeInto(['bert']);
    web = await startWebPlatform({ roots: [forged] });
    devices = [...CPU_ONLY, ...web.devices];
  }, 120_000);
  afterAll(async () => {
    await closePage();
    await web?.close();
    removeDir(forged);
  });

  const cellsOf = async (env: NodeJS.ProcessEnv) => {
    const fam = await useFamily({ family: 'bert', archKind: 'encoder-only' }, { devices, forgedDir: forged, cacheDir: null, env, web: web.context });
    return fam.cells(FILL_MASK);
  };

  it('probes in the cell page: wasm with SIMD, webgpu flagged as a software adapter, webnn per device type with reasons', () => {
    const by = Object.fromEntries(web.devices.map((d) => [d.device, d]));
    expect(by.wasm).toMatchObject({ platform: 'web', available: true, info: { simd: true, crossOriginIsolated: true, threads: true } });
    if (by.webgpu!.available) expect(by.webgpu!.info).toMatchObject({ software: true, fallback: true });
    else expect(by.webgpu!.reason.length).toBeGreaterThan(5);
    for (const type of ['cpu', 'gpu', 'npu']) expect(typeof by.webnn!.info[`webnn_${type}`]).toBe('string');
    if (!by.webnn!.available) expect(by.webnn!.reason).toMatch(/cpu: .*; gpu: .*; npu: /);
  });

  it('runs a wasm and a webgpu cell in the page, keyed _chromium, with parity against node cpu/fp32 and the environment stored', async () => {
    const cells = await cellsOf({ MATRIX_PLATFORMS: 'node,web', MATRIX_DTYPES: 'fp32', MATRIX_WEB_DEVICES: 'wasm,webgpu' });
    const webgpu = web.devices.find((d) => d.device === 'webgpu')!.available;
    expect(cells.map((c) => `${c.key.platform}/${c.key.device}`)).toEqual(['node/cpu', 'web/wasm', ...(webgpu ? ['web/webgpu'] : [])]);
    const results: CellResult[] = [];
    for (const cell of cells) {
      const { result } = await cell.execute(async (m) => {
        const inputs = await m.tokenize(['The capital of France is [MASK].']);
        return { logits: (await m.measure(() => m.forward(inputs), { items: 1 })).logits };
      });
      results.push(result);
    }
    const [reference, wasm, gpu] = results;
    expect(reference!.status).toBe('pass');
    expect(wasm).toMatchObject({ status: 'pass', key: { platform: 'web', device: 'wasm', browser: 'chromium' }, environment: { browser: 'chromium' }, parity: { reference: 'node/cpu/fp32', ok: true } });
    expect(wasm!.environment!.browserVersion).toMatch(/^\d+\./);
    if (wasm!.status !== 'pass') throw new Error('unreachable');
    expect(wasm!.measurements.latency.samples).toBeGreaterThan(0);
    // In-page timing: the page round trip (several ms) is not in the samples of a sub-millisecond model.
    expect(wasm!.measurements.latency.p50Ms).toBeLessThan(50);
    expect(wasm!.measurements.peakRssBytes).toBeGreaterThan(1_000_000);
    expect(wasm!.notes?.some((n) => /^memory: page bytes from performance\./.test(n))).toBe(true);
    expect(wasm!.measurements.memoryTimeline).toBeUndefined();
    expect(wasm!.notes).toContain('memory timeline not sampled: a web page has no process RSS to sample; its one reading after the run is stored as the peak');
    if (gpu) expect(gpu).toMatchObject({ status: 'pass', environment: { softwareAdapter: true, adapter: { fallback: true } } });
  }, 150_000);

  it('a call left running by a timed-out cell gets the page replaced: the old model refuses, a new one runs', async () => {
    const spec = { autoClass: 'AutoModelForMaskedLM', location: join(forged, 'bert', 'fill-mask'), device: 'wasm', dtype: 'fp32' };
    const old = await loadInPage(spec, web.context!);
    const ids = { input_ids: new Tensor('int64', BigInt64Array.of(1n, 2n, 3n), [1, 3]), attention_mask: new Tensor('int64', BigInt64Array.of(1n, 1n, 1n), [1, 3]) };
    // A measured loop that would run for minutes, abandoned like the work of a cell that timed out.
    const abandoned = old.repeat(() => old.forward(ids), { warmupRuns: 0, minSamples: 1e9, minTimeMs: 1e9, maxSamples: 1e9, maxTimeMs: 1e9 });
    const settled = abandoned.then(() => 'finished', (error: unknown) => String(error));
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const fresh = await loadInPage(spec, web.context!);
    const out = (await fresh.forward(ids)) as { logits: Tensor };
    expect(out.logits.dims).toEqual([1, 3, expect.any(Number)]);
    expect(await settled).toMatch(/BROWSER_PAGE_CALL|failed in the page/);
    await expect(old.dispose()).rejects.toThrow(/was replaced \(an earlier call timed out or crashed it\)/);
    await fresh.dispose();
  }, 120_000);

  it('a web cell that computes something else than node is a mismatch', async () => {
    const [, wasm] = await cellsOf({ MATRIX_PLATFORMS: 'node,web', MATRIX_DTYPES: 'fp32', MATRIX_WEB_DEVICES: 'wasm' });
    const { result } = await wasm!.execute(async (m) => {
      const inputs = await m.tokenize(['The capital of France is [MASK].']);
      const logits = (await m.forward(inputs)).logits as Tensor;
      // The web cell answers with shifted logits: parity against the (unmeasured) node reference must catch it.
      return { logits: m.device === 'wasm' ? new Tensor('float32', (logits.data as Float32Array).map((v, i) => v + (i % 7)), logits.dims) : logits };
    });
    expect(result).toMatchObject({ status: 'mismatch', key: { platform: 'web' }, parity: { reference: 'node/cpu/fp32', ok: false } });
  }, 120_000);
});
