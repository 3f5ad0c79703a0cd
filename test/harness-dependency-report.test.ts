import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { collectDependencies, dependencyReport, type DependencyFacts } from '../matrix/harness/dependency-report.js';
import type { DeviceReport } from '../matrix/harness/types.js';

const dir = mkdtempSync(path.join(tmpdir(), 'matrix-deps-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const devices: DeviceReport[] = [
  { platform: 'node', device: 'cpu', available: true, reason: '', info: { provider: 'CPUExecutionProvider' } },
  { platform: 'node', device: 'cuda', available: false, reason: 'CUDA provider library missing: libonnxruntime_providers_cuda.so', info: {} },
  { platform: 'node', device: 'webgpu', available: true, reason: '', info: { software: true, adapter: 'llvmpipe' } },
];

describe('collectDependencies', () => {
  it('finds the onnxruntime binding, sharp and transformers.js installed here, with versions', () => {
    const facts = collectDependencies({ forgedDir: '', hubReachable: false, env: {} });
    expect(facts.node).toBe(process.version);
    expect(facts.onnxruntime).toMatchObject({ ok: true, version: expect.stringMatching(/^1\.\d+\.\d+/) });
    expect(facts.sharp).toMatchObject({ ok: true, version: expect.stringMatching(/^\d+\.\d+\.\d+/) });
    expect(facts.transformers).toMatchObject({ ok: true, version: expect.stringMatching(/^\d+\.\d+\.\d+/) });
  });

  it('says which model sources are reachable and why the others are not', () => {
    const forged = path.join(dir, 'forged');
    mkdirSync(path.join(forged, 'bert'), { recursive: true });
    const emptyCache = path.join(dir, 'cache');
    mkdirSync(emptyCache);
    const facts = collectDependencies({ forgedDir: forged, hubReachable: true, cacheDir: emptyCache, env: { MATRIX_MODELS: path.join(dir, 'nope') } });
    const byName = Object.fromEntries(facts.sources.map((s) => [s.name, s]));
    expect(byName.forged).toEqual({ name: 'forged', reachable: true, detail: `${forged} (1 entries)` });
    expect(byName.local).toMatchObject({ reachable: false, detail: expect.stringMatching(/nope does not exist/) });
    expect(byName.cache).toMatchObject({ reachable: false, detail: expect.stringMatching(/is empty$/) });
    expect(byName.hub).toMatchObject({ reachable: true });
    const off = collectDependencies({ env: {} });
    expect(off.sources.find((s) => s.name === 'forged')).toMatchObject({ reachable: false, detail: 'forging is off' });
    expect(off.sources.find((s) => s.name === 'local')).toMatchObject({ reachable: false, detail: 'MATRIX_MODELS not set' });
    expect(off.sources.find((s) => s.name === 'hub')).toMatchObject({ reachable: false });
  });
});

describe('dependencyReport', () => {
  const facts: DependencyFacts = {
    node: 'v20.20.2',
    onnxruntime: { ok: true, version: '1.30.0', detail: '/x/onnxruntime-node' },
    sharp: { ok: false, version: '0.35.5', detail: 'installed at /x/sharp but does not load: libvips-cpp.so missing' },
    transformers: { ok: true, version: '4.3.1', detail: '/x/transformers' },
    sources: [
      { name: 'forged', reachable: true, detail: '/tmp/forged (3 entries)' },
      { name: 'hub', reachable: false, detail: 'not reachable or not allowed (offline)' },
    ],
  };

  it('prints bindings, sources and devices with the reason for each missing one', () => {
    const text = dependencyReport({ devices, forgedDir: '/tmp/forged', hubReachable: false }, facts);
    const lines = text.split('\n');
    expect(lines[0]).toBe('model-matrix dependency report');
    expect(text).toContain('✓ onnxruntime-node 1.30.0');
    expect(text).toMatch(/✗ sharp +0\.35\.5 +installed at \/x\/sharp but does not load: libvips-cpp\.so missing/);
    expect(text).toMatch(/✓ forged +\/tmp\/forged \(3 entries\)/);
    expect(text).toMatch(/✗ hub +not reachable/);
    expect(text).toMatch(/✓ node\/cpu +available\n/);
    expect(text).toMatch(/✗ node\/cuda +CUDA provider library missing/);
    expect(text).toMatch(/✓ node\/webgpu +available \(software adapter: timings not representative\)/);
  });

  it('says so when no devices were probed', () => {
    expect(dependencyReport({ devices: [], forgedDir: '', hubReachable: false }, facts)).toContain('(no devices probed)');
  });

  it('collects real facts when none are given', () => {
    const text = dependencyReport({ devices, forgedDir: '', hubReachable: false });
    expect(text).toMatch(/✓ onnxruntime-node 1\.\d+\.\d+/);
    expect(text).toMatch(/✗ forged +forging is off/);
  });
});
