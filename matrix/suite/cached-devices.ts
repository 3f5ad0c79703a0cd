/**
 * Device probes cached per machine and onnxruntime version: the probe starts one child process per
 * execution provider (~1 s), and what a machine has does not change between two `matrix bench` calls.
 * The key is host, OS, CPU, Node and onnxruntime version; a cache older than `maxAgeMs` (default one
 * day) or with another key is probed again. Any trouble with the file only costs the speed-up.
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname } from 'node:path';
import { detectDevices, type DeviceProbe } from '../devices/detect-devices.js';
import type { DeviceReport } from '../harness/types.js';

export const DEVICE_CACHE_MAX_AGE_MS = 24 * 3600_000;

/** Devices from `file` when it was probed on this machine with this onnxruntime, else a fresh probe (then cached). */
export async function cachedDevices(options: { file: string; ortVersion: string; probe?: DeviceProbe; maxAgeMs?: number; now?: () => number }): Promise<{ devices: DeviceReport[]; cached: boolean }> {
  const now = options.now ?? Date.now;
  const key = [os.hostname(), os.platform(), os.arch(), os.cpus()[0]?.model ?? '?', process.version, options.ortVersion].join('|');
  try {
    const saved = JSON.parse(readFileSync(options.file, 'utf8')) as { key?: string; at?: number; devices?: DeviceReport[] };
    if (saved.key === key && typeof saved.at === 'number' && now() - saved.at < (options.maxAgeMs ?? DEVICE_CACHE_MAX_AGE_MS) && Array.isArray(saved.devices)) {
      return { devices: saved.devices, cached: true };
    }
  } catch {
    // no cache yet, or unreadable: probe below
  }
  const devices = await detectDevices(options.probe ? { probe: options.probe } : {});
  try {
    mkdirSync(dirname(options.file), { recursive: true });
    const tmp = `${options.file}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify({ key, at: now(), devices }));
    renameSync(tmp, options.file);
  } catch {
    // read-only folder: next time probes again
  }
  return { devices, cached: false };
}
