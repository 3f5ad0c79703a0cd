/**
 * Which platform × device × dtype cells a task gets: the devices the probe found available, times the
 * dtypes, narrowed by `MATRIX_DEVICES` / `MATRIX_DTYPES` (node) and `MATRIX_WEB_DEVICES` /
 * `MATRIX_WEB_DTYPES` (web; the web dtypes default to MATRIX_DTYPES), comma lists. Node cpu/fp32 comes
 * first so the reference cell runs before the cells compared with it; web cells (only when the probe
 * reported web devices, i.e. the run has the web platform) come after every node cell. A web device on a
 * software adapter (SwiftShader WebGPU: seconds per cell, timings meaningless for a GPU) runs only when
 * MATRIX_WEB_DEVICES names it.
 */
import { HarnessError } from './errors.js';
import { DTYPES, NODE_DEVICES, PLATFORMS, WEB_DEVICES, type Device, type DeviceReport, type Dtype, type Platform } from './types.js';

/** One planned cell. */
export interface PlannedCell {
  platform: Platform;
  device: Device;
  dtype: Dtype;
}

/** Cells in run order; throws HARNESS_BAD_FILTER for an unknown device or dtype in the filters. */
export function planCells(devices: readonly DeviceReport[], env: NodeJS.ProcessEnv): PlannedCell[] {
  const platforms = runPlatforms(env);
  const wantDevices = filter(env.MATRIX_DEVICES, NODE_DEVICES, 'MATRIX_DEVICES');
  const wantDtypes = filter(env.MATRIX_DTYPES, DTYPES, 'MATRIX_DTYPES');
  const wantWebDevices = filter(env.MATRIX_WEB_DEVICES, WEB_DEVICES, 'MATRIX_WEB_DEVICES');
  const wantWebDtypes = filter(env.MATRIX_WEB_DTYPES, DTYPES, 'MATRIX_WEB_DTYPES') ?? wantDtypes;
  const found = (platform: Platform, d: Device) => devices.some((r) => r.platform === platform && r.device === d && r.available);
  const node = NODE_DEVICES.filter((d) => platforms.includes('node') && found('node', d) && (!wantDevices || wantDevices.includes(d)));
  const software = (d: Device) => devices.some((r) => r.platform === 'web' && r.device === d && r.info.software === true);
  const web = WEB_DEVICES.filter((d) => platforms.includes('web') && found('web', d) && (wantWebDevices ? wantWebDevices.includes(d) : !software(d)));
  const dtypes = DTYPES.filter((d) => !wantDtypes || wantDtypes.includes(d));
  const webDtypes = DTYPES.filter((d) => !wantWebDtypes || wantWebDtypes.includes(d));
  return [
    ...node.flatMap((device) => dtypes.map((dtype) => ({ platform: 'node' as const, device, dtype }))),
    ...web.flatMap((device) => webDtypes.map((dtype) => ({ platform: 'web' as const, device, dtype }))),
  ];
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
