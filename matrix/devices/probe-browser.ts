import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { packageInfo } from '../harness/package-info.js';
import { WEB_DEVICES, type DeviceReport } from '../harness/types.js';
import { BROWSER_PROBE_SCRIPT } from './browser-probe-script.js';
import { isSoftwareAdapter } from './explain-probe-failure.js';
import { oneNodeModel } from './one-node-model.js';

export const DEFAULT_CHROMIUM = '/usr/bin/chromium';

/** Flags for a quiet, isolated headless Chromium (the profile is a fresh temp folder per probe). */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--enable-unsafe-webgpu',
  '--enable-features=WebMachineLearningNeuralNetwork',
];

/** What BROWSER_PROBE_SCRIPT answers per device. */
export interface PageResult {
  ok: boolean;
  message: string;
  info: Record<string, string | number | boolean>;
}

/**
 * Probes the browser devices (wasm, webgpu, webnn) for real: headless Chromium (playwright-core,
 * `executablePath`, default /usr/bin/chromium) opens a page on a loopback server (a secure context),
 * imports the onnxruntime-web that transformers.js ships, and runs the one-node Add model on each
 * execution provider alone. Reports `platform: 'web'` devices; software WebGPU adapters (SwiftShader) are
 * flagged `software: true`. Never throws: a missing browser or failed launch makes every web device
 * unavailable with that reason.
 */
export async function probeBrowser(opts: { executablePath?: string; timeoutMs?: number } = {}): Promise<DeviceReport[]> {
  const executablePath = opts.executablePath ?? DEFAULT_CHROMIUM;
  const timeoutMs = opts.timeoutMs ?? 90_000;
  const all = (reason: string): DeviceReport[] => WEB_DEVICES.map((device) => ({ platform: 'web', device, available: false, reason, info: {} }));
  if (!existsSync(executablePath)) return all(`Chromium not found at ${executablePath} (apt-get install -y chromium)`);
  const transformers = packageInfo('@huggingface/transformers');
  const ortWeb = packageInfo('onnxruntime-web', transformers ? path.join(transformers.dir, 'package.json') : import.meta.url);
  if (!ortWeb) return all('onnxruntime-web is not installed (it comes with @huggingface/transformers)');

  const server = await serve(path.join(ortWeb.dir, 'dist'));
  const profile = mkdtempSync(path.join(tmpdir(), 'matrix-chromium-'));
  let context: { close(): Promise<void>; pages(): unknown[] } | undefined;
  try {
    const { chromium } = await import('playwright-core');
    const ctx = await chromium.launchPersistentContext(profile, { executablePath, headless: true, args: CHROMIUM_ARGS, timeout: timeoutMs });
    context = ctx;
    const page = ctx.pages()[0] ?? (await ctx.newPage());
    page.setDefaultTimeout(timeoutMs);
    const port = (server.address() as AddressInfo).port;
    await page.goto(`http://127.0.0.1:${port}/`);
    const version = ctx.browser()?.version() ?? 'unknown';
    const results = (await page.evaluate(BROWSER_PROBE_SCRIPT)) as Record<string, PageResult>;
    return WEB_DEVICES.map((device) => toReport(device, results[device], version, ortWeb.version));
  } catch (error) {
    return all(`browser probe failed: ${(error instanceof Error ? error.message : String(error)).split('\n')[0]}`);
  } finally {
    await context?.close().catch(() => {});
    await new Promise<void>((resolve) => server.close(() => resolve()));
    rmSync(profile, { recursive: true, force: true });
  }
}

/** One web device's report from its in-page probe result (BROWSER_PROBE_SCRIPT); software WebGPU adapters are flagged. */
export function toReport(device: (typeof WEB_DEVICES)[number], result: PageResult | undefined, browserVersion: string, ortVersion: string): DeviceReport {
  const info: DeviceReport['info'] = { browser: `chromium ${browserVersion}`, ort: `onnxruntime-web ${ortVersion}` };
  for (const [k, v] of Object.entries(result?.info ?? {})) if (v !== '') info[k] = v;
  const adapterText = [info.vendor, info.architecture, info.device, info.description].filter((v) => typeof v === 'string' && v !== '').join(' ');
  if (device === 'webgpu' && (isSoftwareAdapter(adapterText) || info.fallback === true)) info.software = true;
  if (!result) return { platform: 'web', device, available: false, reason: 'the page returned no result', info };
  if (result.ok) return { platform: 'web', device, available: true, reason: '', info };
  return { platform: 'web', device, available: false, reason: result.message.split('\n')[0] || 'failed without a message', info };
}

/** Loopback server: `/` an empty page, `/model.onnx` the probe model, `/ort/<file>` onnxruntime-web's dist files. */
function serve(ortDist: string): Promise<Server> {
  const model = oneNodeModel();
  const types: Record<string, string> = { '.mjs': 'text/javascript', '.js': 'text/javascript', '.wasm': 'application/wasm' };
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const headers = { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp' };
    if (url.pathname === '/') return res.writeHead(200, { ...headers, 'Content-Type': 'text/html' }).end('<!doctype html><title>probe</title>');
    if (url.pathname === '/model.onnx') return res.writeHead(200, { ...headers, 'Content-Type': 'application/octet-stream' }).end(model);
    const name = url.pathname.startsWith('/ort/') ? url.pathname.slice(5) : '';
    if (/^[\w.-]+$/.test(name) && existsSync(path.join(ortDist, name))) {
      return res.writeHead(200, { ...headers, 'Content-Type': types[path.extname(name)] ?? 'application/octet-stream' }).end(readFileSync(path.join(ortDist, name)));
    }
    res.writeHead(404, headers).end();
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}
