/**
 * Tie-breaks: at equal speed the smaller dtype wins (q4 over fp32), then the more portable device
 * (wasm over webgpu on the web; cpu over webgpu over a vendor's provider on node); and the order
 * fallbacks are tried in, which is transformers.js's own (AUTO_DEVICE_ORDER).
 */
import { AUTO_DEVICE_ORDER, type Platform } from '../harness/types.js';

/** Smaller first: file size of the weights. */
const DTYPE_SIZE_ORDER = ['q4', 'q8', 'fp16', 'fp32'];
/** More portable first: runs in more places with no extra library or hardware. */
const PORTABILITY_ORDER: Readonly<Record<string, readonly string[]>> = {
  node: ['cpu', 'webgpu', 'cuda', 'dml', 'coreml'],
  web: ['wasm', 'webgpu', 'webnn'],
};

const rank = (list: readonly string[], value: string): number => (list.includes(value) ? list.indexOf(value) : list.length);

/** Negative when `a` wins a tie against `b`. */
export function tieBreak(platform: string, a: { device: string; dtype: string }, b: { device: string; dtype: string }): number {
  const portability = PORTABILITY_ORDER[platform] ?? [];
  return rank(DTYPE_SIZE_ORDER, a.dtype) - rank(DTYPE_SIZE_ORDER, b.dtype) || rank(portability, a.device) - rank(portability, b.device);
}

/** Why `a` won the tie against `b`, in words. */
export function tieReason(a: { device: string; dtype: string }, b: { device: string; dtype: string }): string {
  if (a.dtype !== b.dtype) return rank(DTYPE_SIZE_ORDER, a.dtype) < rank(DTYPE_SIZE_ORDER, b.dtype) ? `the smaller dtype (${a.dtype}) wins the tie` : `${a.dtype} wins the tie`;
  return `the more portable device (${a.device}) wins the tie`;
}

/** Position of `device` in transformers.js's `device: 'auto'` order on `platform`. */
export function autoOrderIndex(platform: string, device: string): number {
  return rank((AUTO_DEVICE_ORDER as Record<string, readonly string[]>)[platform as Platform] ?? [], device);
}
