/**
 * Which device × dtype cells a task gets: the node devices the probe found available, times the dtypes,
 * narrowed by `MATRIX_DEVICES` / `MATRIX_DTYPES` (comma lists), cpu and fp32 first so the reference
 * cell runs before the cells compared with it.
 */
import { HarnessError } from './errors.js';
import { DTYPES, NODE_DEVICES, type Device, type DeviceReport, type Dtype } from './types.js';

/** Cells in run order; throws HARNESS_BAD_FILTER for an unknown device or dtype in the filters. */
export function planCells(devices: readonly DeviceReport[], env: NodeJS.ProcessEnv): Array<{ device: Device; dtype: Dtype }> {
  const wantDevices = filter(env.MATRIX_DEVICES, NODE_DEVICES, 'MATRIX_DEVICES');
  const wantDtypes = filter(env.MATRIX_DTYPES, DTYPES, 'MATRIX_DTYPES');
  const available = NODE_DEVICES.filter(
    (d) => devices.some((r) => r.platform === 'node' && r.device === d && r.available) && (!wantDevices || wantDevices.includes(d)),
  );
  const dtypes = DTYPES.filter((d) => !wantDtypes || wantDtypes.includes(d));
  return available.flatMap((device) => dtypes.map((dtype) => ({ device, dtype })));
}

function filter<T extends string>(raw: string | undefined, valid: readonly T[], name: string): T[] | null {
  if (!raw?.trim()) return null;
  const values = raw.split(',').map((v) => v.trim()).filter(Boolean);
  const bad = values.filter((v) => !(valid as readonly string[]).includes(v));
  if (bad.length > 0) {
    throw new HarnessError('HARNESS_BAD_FILTER', `${name} has unknown value(s) ${bad.map((b) => JSON.stringify(b)).join(', ')}; valid: ${valid.join(', ')}.`, `Fix ${name} (comma-separated), e.g. ${name}=${valid.slice(0, 2).join(',')}`);
  }
  return values as T[];
}
