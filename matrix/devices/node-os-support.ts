import type { Device } from '../harness/types.js';

/**
 * Where onnxruntime-node 1.30's prebuilt binaries ship each execution provider (the table in
 * transformers.js src/backends/onnx.js): null when this OS/arch can have it, else the reason it cannot.
 */
export function nodeOsSupport(device: Device, platform: NodeJS.Platform = process.platform, arch: string = process.arch): string | null {
  const here = `${platform}/${arch}`;
  switch (device) {
    case 'cpu':
      return null;
    case 'cuda':
      return platform === 'linux' && arch === 'x64' ? null : `not this OS: onnxruntime-node ships CUDA for linux/x64 only (this is ${here})`;
    case 'dml':
      return platform === 'win32' ? null : `not this OS: DirectML needs Windows (this is ${here})`;
    case 'coreml':
      return platform === 'darwin' ? null : `not this OS: CoreML needs macOS (this is ${here})`;
    case 'webgpu':
      return platform === 'linux' && arch === 'arm64' ? `not this OS: onnxruntime-node has no WebGPU build for linux/arm64` : null;
    default:
      return `${device} is a browser device, not a Node execution provider`;
  }
}
