import { spawn } from 'node:child_process';
import { cpus } from 'node:os';
import { fileURLToPath } from 'node:url';
import type { Device } from '../harness/types.js';
import { explainProbeFailure, isSoftwareAdapter } from './explain-probe-failure.js';
import { findNvidiaGpu } from './find-nvidia-gpu.js';
import { resolveOrtPackageDir } from './load-ort.js';
import { nodeOsSupport } from './node-os-support.js';
import { oneNodeModel } from './one-node-model.js';
import { vulkanIcds } from './vulkan-icds.js';

/** What a probe finds out about one device. */
export type ProbeResult = { available: boolean; reason: string; info: Record<string, string | number | boolean> };

/** Probes one device; `detectDevices` takes any function of this shape (tests pass one that reports a device missing). */
export type DeviceProbe = (device: Device) => Promise<ProbeResult>;

/** What the child process reports. */
interface ChildReport {
  ok: boolean;
  message: string;
  backends: Array<{ name: string; bundled: boolean }>;
  output: number[] | null;
}

const CHILD = fileURLToPath(new URL('./ort-probe-child.cjs', import.meta.url));
/** A probe that takes longer than this (a hung driver) counts as not available. */
export const PROBE_TIMEOUT_MS = 30_000;

const PROVIDER_NAMES: Partial<Record<Device, string>> = {
  cpu: 'CPUExecutionProvider',
  cuda: 'CUDAExecutionProvider',
  webgpu: 'WebGpuExecutionProvider',
  dml: 'DmlExecutionProvider',
  coreml: 'CoreMLExecutionProvider',
};

/**
 * The default probe: in a child process, creates an onnxruntime-node InferenceSession for a one-node
 * model (c = Add(a, b)) with `executionProviders: [device]` and CPU fallback disabled, runs it once and
 * checks the result. A device is available only when its provider itself computed [4, 6]. Devices this
 * OS cannot have are answered without a process ("not this OS").
 */
export const ortProbe: DeviceProbe = async (device) => {
  const osReason = nodeOsSupport(device);
  if (osReason !== null) return { available: false, reason: osReason, info: {} };
  const model = Buffer.from(oneNodeModel()).toString('base64');
  const run = await runChild(JSON.stringify({ ortDir: resolveOrtPackageDir(), ep: device, model }));
  const report = parseReport(run.stdout);
  const info: ProbeResult['info'] = { provider: PROVIDER_NAMES[device] ?? device };
  const listed = report?.backends.find((b) => b.name === device);
  if (listed) info.bundled = listed.bundled;
  if (device === 'cpu') {
    info.cpu = cpus()[0]?.model ?? 'unknown';
    info.cores = cpus().length;
  }
  if (device === 'webgpu') addAdapterInfo(info, run.stderr);
  if (report === null) {
    const why = run.timedOut ? `probe timed out after ${PROBE_TIMEOUT_MS} ms` : `probe process ended (${run.signal ?? `exit ${run.code}`})`;
    const detail = explainProbeFailure(device, '', run.stderr, device === 'cuda' ? findNvidiaGpu() : undefined);
    return { available: false, reason: `${why}: ${detail}`, info };
  }
  if (report.ok) return { available: true, reason: '', info };
  const gpu = device === 'cuda' ? findNvidiaGpu() : undefined;
  return { available: false, reason: explainProbeFailure(device, report.message, run.stderr, gpu), info };
};

function addAdapterInfo(info: ProbeResult['info'], stderr: string): void {
  if (process.platform === 'linux') {
    const icds = vulkanIcds();
    info.vulkanIcds = icds.length > 0 ? icds.join(', ') : 'none';
    if (icds.length > 0 && icds.every(isSoftwareAdapter)) info.software = true;
  }
  const named = /(SwiftShader|lavapipe|llvmpipe)[^\n]*/i.exec(stderr);
  if (named) {
    info.adapter = named[0].trim().slice(0, 120);
    info.software = true;
  }
}

function parseReport(stdout: string): ChildReport | null {
  try {
    const parsed = JSON.parse(stdout) as ChildReport;
    return typeof parsed.ok === 'boolean' ? parsed : null;
  } catch {
    return null;
  }
}

interface ChildRun {
  stdout: string;
  stderr: string;
  code: number | null;
  signal: NodeJS.Signals | null;
  timedOut: boolean;
}

function runChild(input: string): Promise<ChildRun> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CHILD], {
      stdio: ['pipe', 'pipe', 'pipe'],
      env: { ...process.env, ORT_DISABLE_TELEMETRY: '1' },
    });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, PROBE_TIMEOUT_MS);
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr = (stderr + chunk).slice(-20_000)));
    child.on('error', (error) => {
      clearTimeout(timer);
      resolve({ stdout, stderr: `${stderr}\n${error.message}`, code: null, signal: null, timedOut });
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ stdout, stderr, code, signal, timedOut });
    });
    child.stdin.end(input);
  });
}
