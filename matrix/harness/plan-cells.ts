/**
 * Which platform × device × dtype cells a task gets: the devices the probe found available, times the
 * dtypes, narrowed by `MATRIX_DEVICES` / `MATRIX_DTYPES` (node) and `MATRIX_WEB_DEVICES` /
 * `MATRIX_WEB_DTYPES` (web; the web dtypes default to MATRIX_DTYPES), comma lists. Node cpu/fp32 comes
 * first so the reference cell runs before the cells compared with it; then, when asked for, one
 * `device: 'auto'` cell with the dtype transformers.js picks on node when none is given (fp32); web cells
 * (only when the run has the web platform) come after every node cell. A web device on a software adapter
 * (SwiftShader WebGPU: seconds per cell, timings meaningless for a GPU) runs only when MATRIX_WEB_DEVICES
 * names it.
 */
import { HarnessError } from './errors.js';
import { AUTO_DEVICE, DTYPES, NODE_DEVICES, PLATFORMS, WEB_DEVICES, type Device, type DeviceReport, type Dtype, type Platform } from './types.js';

/** dtype transformers.js 4.3.1 loads on node when the caller gives none (utils/dtypes.js: fp32 except on wasm). */
export const AUTO_DTYPE: Dtype = 'fp32';

/** One planned cell. */
export interface PlannedCell {
  platform: Platform;
  device: Device;
  dtype: Dtype;
}

/**
 * Cells in run order; throws HARNESS_BAD_FILTER for an unknown device or dtype in the filters. The auto cell
 * comes with `options.auto` (the generated suite) or when MATRIX_DEVICES names `auto`, and never when
 * MATRIX_DEVICES leaves it out or MATRIX_DTYPES leaves out fp32.
 */
export function planCells(devices: readonly DeviceReport[], env: NodeJS.ProcessEnv, options: { auto?: boolean } = {}): PlannedCell[] {
  const platforms = runPlatforms(env);
  const wantDevices = filter(env.MATRIX_DEVICES, [...NODE_DEVICES, AUTO_DEVICE], 'MATRIX_DEVICES');
  const wantDtypes = filter(env.MATRIX_DTYPES, DTYPES, 'MATRIX_DTYPES');
  const wantWebDevices = filter(env.MATRIX_WEB_DEVICES, WEB_DEVICES, 'MATRIX_WEB_DEVICES');
  const wantWebDtypes = filter(env.MATRIX_WEB_DTYPES, DTYPES, 'MATRIX_WEB_DTYPES') ?? wantDtypes;
  const found = (platform: Platform, d: Device) => devices.some((r) => r.platform === platform && r.device === d && r.available);
  const software = (d: Device) => devices.some((r) => r.platform === 'web' && r.device === d && r.info.software === true);
  const onNode = platforms.includes('node');
  const node = NODE_DEVICES.filter((d) => onNode && found('node', d) && (!wantDevices || wantDevices.includes(d)));
  const web = WEB_DEVICES.filter((d) => platforms.includes('web') && found('web', d) && (wantWebDevices ? wantWebDevices.includes(d) : !software(d)));
  const dtypes = DTYPES.filter((d) => !wantDtypes || wantDtypes.includes(d));
  const webDtypes = DTYPES.filter((d) => !wantWebDtypes || wantWebDtypes.includes(d));
  const cells: PlannedCell[] = node.flatMap((device) => dtypes.map((dtype) => ({ platform: 'node' as const, device, dtype })));
  const auto = onNode && (wantDevices ? wantDevices.includes(AUTO_DEVICE) : options.auto === true);
  if (auto && dtypes.includes(AUTO_DTYPE)) cells.push({ platform: 'node', device: AUTO_DEVICE, dtype: AUTO_DTYPE });
  return [...cells, ...web.flatMap((device) => webDtypes.map((dtype) => ({ platform: 'web' as const, device, dtype })))];
}

/**
 * The platforms of the run: `MATRIX_PLATFORMS` (`node`, `web`, or `node,web`; `matrix run --platform`
 * sets it). Unset: node only — a bare `vitest run --project generated` stays a node run; `matrix run`
 * passes every platform. Throws HARNESS_BAD_FILTER for an unknown name.
 */
export function runPlatforms(env: NodeJS.ProcessEnv): Platform[] {
  const wanted = filter(env.MATRIX_PLATFORMS?.toLowerCase(), PLATFORMS, 'MATRIX_PLATFORMS');
  return wanted ? PLATFORMS.filter((p) => wanted.includes(p)) : ['node'];
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
