import { NODE_DEVICES, type Device, type DeviceReport } from '../harness/types.js';
import { ortProbe, type DeviceProbe } from './ort-probe.js';

export type { DeviceProbe, ProbeResult } from './ort-probe.js';

/**
 * Probes every Node execution provider (cpu, cuda, webgpu, dml, coreml) once, in parallel, and reports
 * each as available or with the reason it is not. `probe` defaults to the real onnxruntime-node probe;
 * a probe that throws makes its device unavailable with the error as reason, never a failed run.
 */
export async function detectDevices(opts: { probe?: DeviceProbe; devices?: readonly Device[] } = {}): Promise<DeviceReport[]> {
  const probe = opts.probe ?? ortProbe;
  const devices = opts.devices ?? NODE_DEVICES;
  return Promise.all(
    devices.map(async (device): Promise<DeviceReport> => {
      try {
        const found = await probe(device);
        const available = found.available === true;
        const reason = available ? '' : found.reason.trim() || 'not available (the probe gave no reason)';
        return { platform: 'node', device, available, reason, info: { ...found.info } };
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        return { platform: 'node', device, available: false, reason: `probe failed: ${message.split('\n')[0]}`, info: {} };
      }
    }),
  );
}
