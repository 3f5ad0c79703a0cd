/**
 * Checks that a value which crossed a process boundary (vitest task meta, a pending file) is a
 * CellResult, and names the first field that is not. The store never writes a half-valid cell.
 */
import {
  ARCH_KINDS,
  AUTO_DEVICE,
  DTYPES,
  ERROR_STAGES,
  ERROR_TYPES,
  NODE_DEVICES,
  PLATFORMS,
  SOURCES,
  STATUSES,
  WEB_DEVICES,
  type CellResult,
} from '../harness/types.js';
import { InvalidCellError } from './errors.js';

const DEVICES = [...new Set<string>([...NODE_DEVICES, AUTO_DEVICE, ...WEB_DEVICES])];

/** Returns `value` typed as a CellResult, or throws InvalidCellError naming the bad field. */
export function checkCell(value: unknown, where = ''): CellResult {
  const fail = (problem: string): never => {
    throw new InvalidCellError(where, problem);
  };
  const obj = (v: unknown, name: string): Record<string, unknown> =>
    typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : fail(`${name} must be an object`);
  const str = (v: unknown, name: string): string => (typeof v === 'string' ? v : fail(`${name} must be a string, got ${typeof v}`));
  const oneOf = (v: unknown, name: string, allowed: readonly string[]): void => {
    if (typeof v !== 'string' || !allowed.includes(v)) fail(`${name} ${JSON.stringify(v)} is not one of ${allowed.join(', ')}`);
  };
  const num = (v: unknown, name: string): void => {
    if (typeof v !== 'number' || !Number.isFinite(v)) fail(`${name} must be a finite number, got ${JSON.stringify(v)}`);
  };
  const optNum = (v: unknown, name: string): void => {
    if (v !== undefined && v !== null) num(v, name);
  };

  const cell = obj(value, 'cell');
  const key = obj(cell.key, 'key');
  for (const name of ['family', 'task', 'modelId'] as const) if (str(key[name], `key.${name}`) === '') fail(`key.${name} is empty`);
  oneOf(key.archKind, 'key.archKind', ARCH_KINDS);
  oneOf(key.platform, 'key.platform', PLATFORMS);
  oneOf(key.device, 'key.device', DEVICES);
  oneOf(key.dtype, 'key.dtype', DTYPES);
  if (!Number.isInteger(key.batchSize) || (key.batchSize as number) < 1) fail(`key.batchSize must be a positive integer, got ${JSON.stringify(key.batchSize)}`);
  for (const name of ['seqLength', 'imageSize'] as const) {
    if (key[name] !== undefined && (!Number.isInteger(key[name]) || (key[name] as number) < 1)) fail(`key.${name} must be a positive integer, got ${JSON.stringify(key[name])}`);
  }
  if (key.browser !== undefined && (typeof key.browser !== 'string' || !/^[a-z]+$/.test(key.browser))) fail(`key.browser must be a lower-case engine name, got ${JSON.stringify(key.browser)}`);
  if (cell.retries !== undefined && (!Number.isInteger(cell.retries) || (cell.retries as number) < 0)) fail(`retries must be a non-negative integer, got ${JSON.stringify(cell.retries)}`);
  for (const name of ['flaky', 'contended'] as const) if (cell[name] !== undefined && typeof cell[name] !== 'boolean') fail(`${name} must be a boolean`);
  for (const name of ['profile', 'resolvedDevice'] as const) if (cell[name] !== undefined) str(cell[name], name);
  if (cell.environment !== undefined) obj(cell.environment, 'environment');
  oneOf(cell.source, 'source', SOURCES);
  oneOf(cell.inference, 'inference', ['real', 'mock']);
  if (cell.inference === 'mock' && cell.source !== 'mock') fail(`inference "mock" needs source "mock", got ${JSON.stringify(cell.source)}`);
  if (cell.notes !== undefined && (!Array.isArray(cell.notes) || cell.notes.some((n) => typeof n !== 'string'))) fail('notes must be an array of strings');
  if (cell.interrupted !== undefined && typeof cell.interrupted !== 'boolean') fail('interrupted must be a boolean');
  oneOf(cell.status, 'status', STATUSES);

  const measurements = (v: unknown, partial: boolean): void => {
    const m = obj(v, 'measurements');
    const n = partial ? optNum : num;
    for (const name of ['coldLoadMs', 'warmLoadMs', 'firstInferenceMs', 'throughput', 'peakRssBytes', 'heapUsedBytes'] as const) n(m[name], `measurements.${name}`);
    optNum(m.timeToFirstTokenMs, 'measurements.timeToFirstTokenMs');
    optNum(m.parameterCount, 'measurements.parameterCount');
    for (const name of ['flops', 'flopsPerToken', 'gflopsPerSecond', 'modelBytes'] as const) optNum(m[name], `measurements.${name}`);
    if (m.memoryTimeline !== undefined) {
      if (!Array.isArray(m.memoryTimeline)) fail('measurements.memoryTimeline must be an array');
      (m.memoryTimeline as unknown[]).forEach((p, i) => {
        const point = obj(p, `measurements.memoryTimeline[${i}]`);
        num(point.tMs, `measurements.memoryTimeline[${i}].tMs`);
        num(point.rssBytes, `measurements.memoryTimeline[${i}].rssBytes`);
        oneOf(point.phase, `measurements.memoryTimeline[${i}].phase`, ['load', 'first', 'measure']);
      });
    }
    if (!partial || m.throughputUnit !== undefined) oneOf(m.throughputUnit, 'measurements.throughputUnit', ['items/s', 'tokens/s']);
    if (!partial || m.samplesMs !== undefined) {
      if (!Array.isArray(m.samplesMs)) fail('measurements.samplesMs must be an array of numbers');
      (m.samplesMs as unknown[]).forEach((s, i) => num(s, `measurements.samplesMs[${i}]`));
    }
    if (!partial || m.latency !== undefined) {
      const l = obj(m.latency, 'measurements.latency');
      for (const name of ['samples', 'meanMs', 'p50Ms', 'p90Ms', 'p99Ms', 'minMs', 'maxMs', 'stdMs', 'rmePercent'] as const) num(l[name], `measurements.latency.${name}`);
    }
  };
  const parity = (v: unknown): void => {
    const p = obj(v, 'parity');
    str(p.reference, 'parity.reference');
    for (const name of ['cosine', 'maxAbsDiff', 'topAgreement'] as const) num(p[name], `parity.${name}`);
    const t = obj(p.tolerance, 'parity.tolerance');
    for (const name of ['minCosine', 'maxAbsDiff', 'minTopAgreement'] as const) num(t[name], `parity.tolerance.${name}`);
    if (typeof p.ok !== 'boolean') fail('parity.ok must be a boolean');
  };

  switch (cell.status) {
    case 'pass':
      measurements(cell.measurements, false);
      if (cell.parity !== undefined) parity(cell.parity);
      break;
    case 'mismatch':
      measurements(cell.measurements, false);
      parity(cell.parity);
      break;
    case 'fail':
      oneOf(cell.stage, 'stage', ERROR_STAGES);
      oneOf(cell.errorType, 'errorType', ERROR_TYPES);
      str(cell.message, 'message');
      if (cell.op !== undefined) str(cell.op, 'op');
      if (cell.measurements !== undefined) measurements(cell.measurements, true);
      break;
    default:
      str(cell.reason, 'reason');
  }
  return value as CellResult;
}
