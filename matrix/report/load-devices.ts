/** Devices probed in a run, as the report commands read them. */
import type { ReadonlyStore } from './open-readonly.js';

/** One row of `devices`. */
export interface DeviceRow {
  platform: string;
  device: string;
  available: boolean;
  reason: string;
}

/** The devices of `runId`, in stored order of platform and device. */
export async function loadDevices(store: ReadonlyStore, runId: string): Promise<DeviceRow[]> {
  return store.all<DeviceRow>(`SELECT platform, device, available, reason FROM devices WHERE run_id = ? ORDER BY platform, device`, [runId]);
}
