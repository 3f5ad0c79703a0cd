/**
 * Which device × dtype cells a task gets: the node devices the probe found available, times the dtypes,
 * narrowed by `MATRIX_DEVICES` / `MATRIX_DTYPES` (comma lists), cpu and fp32 first so the reference
 * cell runs before the cells compared with it; then, when asked for, one `device: 'auto'` cell with the
 * dtype transformers.js picks on node when none is given (fp32).
 */
import { HarnessError } from './errors.js';
import { AUTO_DEVICE, DTYPES, NODE_DEVICES, type Device, type DeviceReport, type Dtype } from './types.js';

/** dtype transformers.js 4.3.1 loads on node when the caller gives none (utils/dtypes.js: fp32 except on wasm). */
export const AUTO_DTYPE: Dtype = 'fp32';

/**
 * Cells in run order; throws HARNESS_BAD_FILTER for an unknown device or dtype in the filters. The auto cell
 * comes with `options.auto` (the generated suite) or when MATRIX_DEVICES names `auto`, and never when
 * MATRIX_DEVICES leaves it out or MATRIX_DTYPES leaves out fp32.
 */
export function planCells(devices: readonly DeviceReport[], env: NodeJS.ProcessEnv, options: { auto?: boolean } = {}): Array<{ device: Device; dtype: Dtype }> {
  const wantDevices = filter(env.MATRIX_DEVICES, [...NODE_DEVICES, AUTO_DEVICE], 'MATRIX_DEVICES');
  const wantDtypes = filter(env.MATRIX_DTYPES, DTYPES, 'MATRIX_DTYPES');
  const available = NODE_DEVICES.filter(
    (d) => devices.some((r) => r.platform === 'node' && r.device === d && r.available) && (!wantDevices || wantDevices.includes(d)),
  );
  const dtypes = DTYPES.filter((d) => !wantDtypes || wantDtypes.includes(d));
  const cells: Array<{ device: Device; dtype: Dtype }> = available.flatMap((device) => dtypes.map((dtype) => ({ device, dtype })));
  const auto = wantDevices ? wantDevices.includes(AUTO_DEVICE) : options.auto === true;
  return auto && dtypes.includes(AUTO_DTYPE) ? [...cells, { device: AUTO_DEVICE, dtype: AUTO_DTYPE }] : cells;
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
