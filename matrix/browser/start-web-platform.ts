/**
 * Starts the web platform of a run (vitest globalSetup): the loopback model server, one headless Chromium
 * as a Playwright browser server that every test worker connects to, and the in-page device probe on the
 * very page setup the cells use (wasm SIMD and threads, the WebGPU adapter and whether it is a software
 * fallback, WebNN per device type). Never throws: without a browser, every web device is unavailable with
 * the reason and the context is null.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { BROWSER_PROBE_SCRIPT } from '../devices/browser-probe-script.js';
import { CHROMIUM_ARGS, DEFAULT_CHROMIUM, toReport, type PageResult } from '../devices/probe-browser.js';
import { packageInfo } from '../harness/package-info.js';
import { WEB_DEVICES, type DeviceReport, type WebContext } from '../harness/types.js';
import { startModelServer } from './model-server.js';

/** Chromium flags of web cells: the probe's, no DNS beyond loopback, and an immediate memory API. */
export const WEB_CELL_ARGS = [
  ...CHROMIUM_ARGS,
  '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1',
  '--enable-blink-features=ForceEagerMeasureMemory',
];

/** A started web platform. */
export interface WebPlatform {
  devices: DeviceReport[];
  /** What test workers need to reach the browser; null when the platform is unavailable. */
  context: WebContext | null;
  close(): Promise<void>;
}

export interface StartWebOptions {
  /** Model folders to serve to the page (forged set, MATRIX_MODELS). */
  roots: readonly string[];
  executablePath?: string;
  timeoutMs?: number;
}

/** Launches browser + server and probes the devices in the cell page. */
export async function startWebPlatform(options: StartWebOptions): Promise<WebPlatform> {
  const executablePath = options.executablePath ?? DEFAULT_CHROMIUM;
  const timeoutMs = options.timeoutMs ?? 90_000;
  const unavailable = (reason: string): WebPlatform => ({
    devices: WEB_DEVICES.map((device) => ({ platform: 'web', device, available: false, reason, info: {} })),
    context: null,
    close: async () => {},
  });
  if (!existsSync(executablePath)) return unavailable(`Chromium not found at ${executablePath} (apt-get install -y chromium)`);
  const transformers = packageInfo('@huggingface/transformers');
  const ortWeb = transformers ? packageInfo('onnxruntime-web', path.join(transformers.dir, 'package.json')) : null;
  if (!transformers || !ortWeb) return unavailable('onnxruntime-web is not installed (it comes with @huggingface/transformers)');

  const roots = options.roots.filter(Boolean).map((r) => path.resolve(r));
  const server = await startModelServer({ roots, transformersDist: path.join(transformers.dir, 'dist'), ortDist: path.join(ortWeb.dir, 'dist') });
  let browserServer: { wsEndpoint(): string; close(): Promise<void> } | undefined;
  const close = async () => {
    await browserServer?.close().catch(() => undefined);
    await server.close();
  };
  try {
    const { chromium } = await import('playwright-core');
    browserServer = await chromium.launchServer({
      executablePath,
      headless: true,
      // Playwright starts every launch on a fresh temporary profile (user-data-dir) of its own.
      args: WEB_CELL_ARGS,
      timeout: timeoutMs,
    });
    const browser = await chromium.connect(browserServer.wsEndpoint(), { timeout: timeoutMs });
    try {
      const version = browser.version();
      const page = await (await browser.newContext()).newPage();
      page.setDefaultTimeout(timeoutMs);
      await page.goto(`${server.origin}/`);
      await page.evaluate("import('/runner.js').then(() => true)");
      const devices = await probeInPage(page, version, ortWeb.version);
      const context: WebContext = { browser: 'chromium', browserVersion: version, wsEndpoint: browserServer.wsEndpoint(), origin: server.origin, roots };
      return { devices, context, close };
    } finally {
      await browser.close();
    }
  } catch (error) {
    await close();
    return unavailable(`browser start failed: ${(error instanceof Error ? error.message : String(error)).split('\n')[0]}`);
  }
}

/** BROWSER_PROBE_SCRIPT (one-node model per execution provider) plus wasm threads and WebNN per device type. */
async function probeInPage(page: Page, browserVersion: string, ortVersion: string): Promise<DeviceReport[]> {
  const results = (await page.evaluate(BROWSER_PROBE_SCRIPT)) as Record<string, PageResult>;
  const wasm = (await page.evaluate('window.matrixRunner.wasm()')) as { crossOriginIsolated: boolean; sharedArrayBuffer: boolean; numThreads: number };
  const webnn = (await page.evaluate('window.matrixRunner.probeWebnn()')) as Record<string, string>;
  return WEB_DEVICES.map((device) => {
    const report = toReport(device, results[device], browserVersion, ortVersion);
    if (device === 'wasm') {
      report.info.threads = wasm.crossOriginIsolated && wasm.sharedArrayBuffer;
      report.info.cellThreads = wasm.numThreads;
    }
    if (device === 'webnn') {
      for (const [type, reason] of Object.entries(webnn)) report.info[`webnn_${type}`] = reason || 'available';
      if (!report.available && Object.values(webnn).every(Boolean)) {
        report.reason = `no WebNN device type works: ${Object.entries(webnn).map(([t, r]) => `${t}: ${r}`).join('; ')}`;
      }
    }
    return report;
  });
}
