/**
 * Fixtures for the harness tests: a forged bert fill-mask model in a temp folder (a real model:
 * ONNX Runtime runs it), the cpu device list, and a stand-in vitest context for `cell.run`.
 */
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestContext } from 'vitest';
import { deriveRegistry } from '../generator/registry.js';
import { forgeAll } from '../matrix/forge/forge-all.js';
import type { CellResult, DeviceReport } from '../matrix/harness/types.js';

export const CPU_ONLY: DeviceReport[] = [{ platform: 'node', device: 'cpu', available: true, reason: '', info: {} }];

/** Forges `families` (all their forgeable tasks) into a fresh temp folder with a manifest; returns the folder. */
export async function forgeInto(families: string[]): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'harness-forged-'));
  const entries = (await deriveRegistry()).filter((e) => families.includes(e.family));
  await forgeAll({ outDir: dir, families: entries });
  return dir;
}

/** A copy of a forged set, to damage without touching the original. */
export function copyForged(dir: string): string {
  const copy = mkdtempSync(join(tmpdir(), 'harness-damaged-'));
  cpSync(dir, copy, { recursive: true });
  return copy;
}

export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

/** What `cell.run` did to the test: the stored cell, a skip reason, or the thrown error. */
export interface RunRecord {
  meta: { matrix?: CellResult };
  skipped?: string;
}

/** A minimal vitest TestContext for `cell.run`: records meta and skips (skip throws, as vitest's does). */
export function fakeContext(): { ctx: TestContext; record: RunRecord } {
  const record: RunRecord = { meta: {} };
  const ctx = {
    task: { meta: record.meta },
    skip: (reason?: string) => {
      record.skipped = reason ?? '';
      throw new Error(`skipped: ${reason}`);
    },
  } as unknown as TestContext;
  return { ctx, record };
}
