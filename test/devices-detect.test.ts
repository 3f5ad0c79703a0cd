import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { detectDevices, type DeviceProbe, type ProbeResult } from '../matrix/devices/detect-devices.js';
import { explainProbeFailure, isSoftwareAdapter } from '../matrix/devices/explain-probe-failure.js';
import { loadOrt } from '../matrix/devices/load-ort.js';
import { nodeOsSupport } from '../matrix/devices/node-os-support.js';
import { oneNodeModel } from '../matrix/devices/one-node-model.js';
import { vulkanIcds } from '../matrix/devices/vulkan-icds.js';
import { NODE_DEVICES } from '../matrix/harness/types.js';

const dir = mkdtempSync(path.join(tmpdir(), 'matrix-devices-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('detectDevices with an alternate probe', () => {
  it('reports a device the probe finds missing, with its reason, and the others available', async () => {
    const probe: DeviceProbe = async (device): Promise<ProbeResult> =>
      device === 'cuda'
        ? { available: false, reason: 'CUDA provider library missing: libonnxruntime_providers_cuda.so', info: {} }
        : { available: true, reason: '', info: { provider: device } };
    const reports = await detectDevices({ probe });
    expect(reports.map((r) => r.device)).toEqual([...NODE_DEVICES]);
    expect(reports.every((r) => r.platform === 'node')).toBe(true);
    expect(reports.find((r) => r.device === 'cuda')).toEqual({
      platform: 'node',
      device: 'cuda',
      available: false,
      reason: 'CUDA provider library missing: libonnxruntime_providers_cuda.so',
      info: {},
    });
    expect(reports.filter((r) => r.available).map((r) => r.device)).toEqual(['cpu', 'webgpu', 'dml', 'coreml']);
  });

  it('turns a probe that throws into an unavailable device, not a failed detection', async () => {
    const probe: DeviceProbe = async (device) => {
      if (device === 'webgpu') throw new Error('driver exploded\nwith a long native trace');
      return { available: true, reason: '', info: {} };
    };
    const reports = await detectDevices({ probe });
    expect(reports.find((r) => r.device === 'webgpu')).toMatchObject({ available: false, reason: 'probe failed: driver exploded' });
    expect(reports.find((r) => r.device === 'cpu')?.available).toBe(true);
  });

  it('never leaves an unavailable device without a reason, nor an available one with one', async () => {
    const probe: DeviceProbe = async (device) =>
      device === 'cpu' ? { available: true, reason: 'stale text', info: {} } : { available: false, reason: '  ', info: {} };
    const reports = await detectDevices({ probe });
    expect(reports[0]).toMatchObject({ device: 'cpu', available: true, reason: '' });
    for (const r of reports.slice(1)) expect(r.reason).toMatch(/gave no reason/);
  });

  it('probes only the devices asked for', async () => {
    const asked: string[] = [];
    const reports = await detectDevices({ probe: async (d) => (asked.push(d), { available: true, reason: '', info: {} }), devices: ['cpu'] });
    expect(asked).toEqual(['cpu']);
    expect(reports).toHaveLength(1);
  });
});

describe('detectDevices with the real onnxruntime-node probe', () => {
  it('finds cpu available and says why every other device is not', async () => {
    const reports = await detectDevices();
    const byDevice = Object.fromEntries(reports.map((r) => [r.device, r]));
    expect(byDevice.cpu).toMatchObject({ available: true, reason: '', info: { provider: 'CPUExecutionProvider' } });
    for (const r of reports) if (!r.available) expect(r.reason.length).toBeGreaterThan(5);
    if (!existsSync('/dev/nvidiactl') && !existsSync('/dev/nvidia0')) {
      // no NVIDIA driver here: cuda must never be reported available (no silent CPU fallback)
      expect(byDevice.cuda?.available).toBe(false);
      expect(byDevice.cuda?.reason).toMatch(/CUDA|not this OS/);
    }
    if (process.platform === 'linux') {
      expect(byDevice.dml?.reason).toMatch(/^not this OS/);
      expect(byDevice.coreml?.reason).toMatch(/^not this OS/);
    }
  });
});

describe('explainProbeFailure', () => {
  it('turns ORT 1.30’s CUDA load failure into "CUDA provider library missing"', () => {
    const stderr =
      '2026-11-25 06:38:55 [E:onnxruntime:onnxruntime-node, provider_bridge_ort.cc:2146 Create] ... Failed to load library /x/bin/napi-v6/linux/x64/libonnxruntime_providers_shared.so with error: /x/libonnxruntime_providers_shared.so: cannot open shared object file: No such file or directory';
    expect(explainProbeFailure('cuda', 'OrtSessionOptionsAppendExecutionProvider_Cuda: Failed to load shared library', stderr)).toMatch(
      /^CUDA provider library missing: libonnxruntime_providers_shared\.so/,
    );
  });

  it('names a missing CUDA runtime library apart from the provider', () => {
    const stderr = 'Failed to load library libonnxruntime_providers_cuda.so with error: libcublasLt.so.12: cannot open shared object file: No such file or directory';
    expect(explainProbeFailure('cuda', 'Failed to load shared library', stderr)).toMatch(/CUDA (provider|runtime) library missing/);
    expect(explainProbeFailure('cuda', 'x', 'libcudnn.so.9: cannot open shared object file')).toBe(
      'CUDA runtime library missing: libcudnn.so.9 (install CUDA 12 + cuDNN 9, or add them to LD_LIBRARY_PATH)',
    );
  });

  it('says "no CUDA GPU" when the driver finds none', () => {
    expect(explainProbeFailure('cuda', 'CUDA failure 100: no CUDA-capable device is detected ; GPU=0')).toMatch(/^no CUDA GPU/);
  });

  it('says "no WebGPU adapter" for Dawn’s adapter failure, naming a missing Vulkan loader', () => {
    const message =
      "/onnxruntime_src/onnxruntime/core/providers/webgpu/webgpu_context.cc:136 ... adapter_result.status == wgpu::RequestAdapterStatus::Success was false. Failed to get a WebGPU adapter: No supported adapters\n";
    expect(explainProbeFailure('webgpu', message)).toBe('no WebGPU adapter');
    expect(explainProbeFailure('webgpu', message, "Warning: Couldn't load Vulkan: libvulkan.so.1: cannot open shared object file")).toBe(
      'no WebGPU adapter (Vulkan loader libvulkan.so.1 not found)',
    );
  });

  it('explains a provider missing from the build and a provider that would fall back to CPU (real ORT texts)', async () => {
    const ort = loadOrt();
    const notBuilt = await ort.InferenceSession.create(oneNodeModel(), { executionProviders: ['coreml'] }).catch((e: Error) => e.message);
    expect(explainProbeFailure('coreml', String(notBuilt))).toMatch(/coreml is not in this onnxruntime-node build/);
    // cpu with CPU fallback disabled: the very message a provider that rejects the node produces
    const fallback = await ort.InferenceSession.create(oneNodeModel(), {
      executionProviders: ['cpu'],
      extra: { session: { disable_cpu_ep_fallback: '1' } },
    }).catch((e: Error) => e.message);
    expect(explainProbeFailure('webgpu', String(fallback))).toMatch(/did not take the probe's Add node/);
  });

  it('falls back to the first line of the runtime’s message, without ORT’s source path', () => {
    expect(explainProbeFailure('webgpu', '/onnxruntime_src/x/y.cc:12 something odd happened\nmore')).toBe('something odd happened');
    expect(explainProbeFailure('cuda', '', '')).toBe('the probe failed without a message');
  });
});

describe('OS support, adapters and Vulkan drivers', () => {
  it('knows where onnxruntime-node ships each provider', () => {
    expect(nodeOsSupport('cpu', 'linux', 'arm64')).toBeNull();
    expect(nodeOsSupport('dml', 'win32', 'x64')).toBeNull();
    expect(nodeOsSupport('dml', 'linux', 'x64')).toMatch(/^not this OS: DirectML needs Windows/);
    expect(nodeOsSupport('coreml', 'darwin', 'arm64')).toBeNull();
    expect(nodeOsSupport('coreml', 'win32', 'x64')).toMatch(/^not this OS: CoreML needs macOS/);
    expect(nodeOsSupport('cuda', 'linux', 'x64')).toBeNull();
    expect(nodeOsSupport('cuda', 'darwin', 'arm64')).toMatch(/^not this OS/);
    expect(nodeOsSupport('webgpu', 'linux', 'arm64')).toMatch(/^not this OS/);
    expect(nodeOsSupport('wasm')).toMatch(/browser device/);
  });

  it('flags software rasterizers and not real GPUs', () => {
    for (const name of ['Google SwiftShader', 'llvmpipe (LLVM 15.0.6, 256 bits)', 'lavapipe', 'lvp_icd.x86_64.json', 'Microsoft Basic Render Driver']) {
      expect(isSoftwareAdapter(name)).toBe(true);
    }
    for (const name of ['NVIDIA H100 80GB HBM3', 'nvidia_icd.json', 'radeon_icd.x86_64.json', 'Apple M2']) {
      expect(isSoftwareAdapter(name)).toBe(false);
    }
  });

  it('lists Vulkan drivers from the loader folders, skipping absent folders', () => {
    const a = path.join(dir, 'icd-a');
    mkdirSync(a);
    writeFileSync(path.join(a, 'lvp_icd.x86_64.json'), '{}');
    writeFileSync(path.join(a, 'README'), '');
    expect(vulkanIcds([a, path.join(dir, 'absent')])).toEqual(['lvp_icd.x86_64.json']);
  });
});
