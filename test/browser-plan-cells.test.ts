import { describe, expect, it } from 'vitest';
import { planCells, runPlatforms } from '../matrix/harness/plan-cells.js';
import type { DeviceReport } from '../matrix/harness/types.js';

const devices: DeviceReport[] = [
  { platform: 'node', device: 'cpu', available: true, reason: '', info: {} },
  { platform: 'web', device: 'wasm', available: true, reason: '', info: {} },
  { platform: 'web', device: 'webgpu', available: true, reason: '', info: { software: true } },
  { platform: 'web', device: 'webnn', available: false, reason: 'WebNN is not supported on this platform', info: {} },
];
const names = (env: NodeJS.ProcessEnv) => planCells(devices, env).map((c) => `${c.platform}/${c.device}/${c.dtype}`);

describe('web cells in the plan', () => {
  it('a node run (MATRIX_PLATFORMS unset) plans no web cell, even with web devices found', () => {
    expect(names({ MATRIX_DTYPES: 'fp32,q8' })).toEqual(['node/cpu/fp32', 'node/cpu/q8']);
  });

  it('node,web: node cells first (the cpu/fp32 reference), then the available web devices; webnn unavailable is left out', () => {
    // webgpu is a software adapter here: left out unless MATRIX_WEB_DEVICES names it.
    expect(names({ MATRIX_PLATFORMS: 'node,web', MATRIX_DTYPES: 'fp32' })).toEqual(['node/cpu/fp32', 'web/wasm/fp32']);
    expect(names({ MATRIX_PLATFORMS: 'node,web', MATRIX_DTYPES: 'fp32', MATRIX_WEB_DEVICES: 'wasm,webgpu' })).toEqual(['node/cpu/fp32', 'web/wasm/fp32', 'web/webgpu/fp32']);
  });

  it('MATRIX_WEB_DEVICES and MATRIX_WEB_DTYPES narrow only the web cells; web alone has no node cell', () => {
    expect(names({ MATRIX_PLATFORMS: 'node,web', MATRIX_DTYPES: 'fp32,q8', MATRIX_WEB_DEVICES: 'wasm', MATRIX_WEB_DTYPES: 'q4' })).toEqual(['node/cpu/fp32', 'node/cpu/q8', 'web/wasm/q4']);
    expect(names({ MATRIX_PLATFORMS: 'web', MATRIX_DTYPES: 'fp32', MATRIX_WEB_DEVICES: 'webgpu,wasm' })).toEqual(['web/wasm/fp32', 'web/webgpu/fp32']);
  });

  it('rejects an unknown platform or web device, listing the valid values', () => {
    expect(() => runPlatforms({ MATRIX_PLATFORMS: 'node,deno' })).toThrow(/MATRIX_PLATFORMS has unknown value\(s\) "deno"; valid: node, web/);
    expect(() => planCells(devices, { MATRIX_PLATFORMS: 'web', MATRIX_WEB_DEVICES: 'cuda' })).toThrow(expect.objectContaining({ code: 'HARNESS_BAD_FILTER' }));
    expect(runPlatforms({})).toEqual(['node']);
    expect(runPlatforms({ MATRIX_PLATFORMS: ' Web ' })).toEqual(['web']);
  });
});
