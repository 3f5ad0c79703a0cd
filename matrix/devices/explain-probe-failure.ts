import type { Device } from '../harness/types.js';
import type { NvidiaGpu } from './find-nvidia-gpu.js';

/** The one command that fetches onnxruntime-node's CUDA provider (an explicit opt-in; see README). */
export const SETUP_CUDA_COMMAND = 'npm run matrix -- setup cuda';

/** The first line of a native message, without ORT's source-path prefix and terminal colours. */
function firstLine(text: string): string {
  const line = text.replace(/\u001b\[[0-9;]*m/g, '').split(/\r?\n/).find((l) => l.trim() !== '') ?? '';
  return line.replace(/^\/onnxruntime_src\/\S+\s+/, '').trim();
}

/**
 * Why an execution provider did not run the probe, in words a reader acts on, from the runtime's
 * error `message` and whatever the native side printed on `stderr` (ORT 1.30 texts):
 * - cuda: "OrtSessionOptionsAppendExecutionProvider_Cuda: Failed to load shared library" + stderr naming the
 *   missing .so → "CUDA provider library missing: <file>"
 * - webgpu: "Failed to get a WebGPU adapter: No supported adapters" (+ Dawn's "Couldn't load Vulkan") → "no WebGPU adapter"
 * - any: "backend not found" → not in this onnxruntime-node build; "fallback to CPU EP has been explicitly
 *   disabled" → the provider did not take the node.
 * `gpu` (cuda only) says whether an NVIDIA GPU is here: with one, a missing provider library names the
 * command that fetches it; without one, the reason says there is no GPU to use.
 */
export function explainProbeFailure(device: Device, message: string, stderr = '', gpu?: NvidiaGpu): string {
  const both = `${message}\n${stderr}`;
  if (/backend not found/i.test(message)) {
    return `${device} is not in this onnxruntime-node build (${firstLine(message)})`;
  }
  if (/fallback to CPU EP has been explicitly disabled/i.test(message)) {
    return `the ${device} provider did not take the probe's Add node (it would fall back to CPU)`;
  }
  if (device === 'cuda' || device === 'dml' || device === 'coreml') {
    const missing = /Failed to load library \S*?([^/\s]+\.so[.\d]*)|(lib[\w.+-]+\.so[.\d]*): cannot open shared object file/.exec(both);
    if (missing || /Failed to load shared library/i.test(message)) {
      const file = missing?.[1] ?? missing?.[2] ?? 'provider library';
      if (device === 'cuda' && /providers_(shared|cuda)/.test(file)) {
        if (gpu && !gpu.found) return `no NVIDIA GPU (${gpu.evidence}); the CUDA provider library is not installed either (${file})`;
        const here = gpu ? `an NVIDIA GPU is here (${gpu.evidence}); ` : '';
        return `CUDA provider library missing: ${file} (${here}fetch it, with network access, with: ${SETUP_CUDA_COMMAND})`;
      }
      if (device === 'cuda') return `CUDA runtime library missing: ${file} (install CUDA 12 + cuDNN 9, or add them to LD_LIBRARY_PATH)`;
      return `${device} provider library missing: ${file}`;
    }
    if (device === 'cuda' && /no CUDA-capable device|CUDA driver version is insufficient|cudaErrorNoDevice|CUDA failure 100/i.test(both)) {
      return `no CUDA GPU (${firstLine(message)})`;
    }
  }
  if (device === 'webgpu' && /WebGPU adapter|No supported adapters|RequestAdapter/i.test(both)) {
    const vulkan = /Couldn't load Vulkan: (\S+?):/.exec(stderr);
    return vulkan ? `no WebGPU adapter (Vulkan loader ${vulkan[1]} not found)` : 'no WebGPU adapter';
  }
  return firstLine(message) || firstLine(stderr) || 'the probe failed without a message';
}

/** Names of software rasterizers whose timings say nothing about real GPUs. */
export const SOFTWARE_ADAPTER = /SwiftShader|lavapipe|llvmpipe|softpipe|Microsoft Basic Render|\blvp_icd\b/i;

/** True when the adapter/driver name (or a Vulkan ICD file name) is a software rasterizer. */
export function isSoftwareAdapter(name: string): boolean {
  return SOFTWARE_ADAPTER.test(name);
}
