/**
 * Type-checks all generated files of a run in ONE ts-morph Project (see type-check-project.ts).
 * `startTypeCheck` builds that Project on a worker thread right away, so parsing the harness,
 * vitest and lib types overlaps with deriving the registry and rendering on the main thread.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { TypeSurfaceError, type GeneratedDiagnostic } from './errors.js';
import type { CheckedFile, CheckOptions, CheckResult } from './type-check-project.js';

export type { CheckOptions, CheckResult } from './type-check-project.js';

/** A type-check being prepared; call `check` once, `close` when giving up early. */
export interface TypeCheckSession {
  check(files: readonly CheckedFile[]): Promise<CheckResult>;
  close(): Promise<void>;
}

/** Starts building the Project now, on a worker thread (TypeScript sources run through tsx). */
export function startTypeCheck(options: CheckOptions): TypeCheckSession {
  // The worker entry is TypeScript: a tiny bootstrap registers tsx in the worker, then imports it.
  const tsxApi = tsxEsmApiUrl();
  const entry = new URL('./check-worker.ts', import.meta.url).href;
  const bootstrap = `import(${JSON.stringify(tsxApi)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(entry)}); });`;
  const worker = new Worker(bootstrap, { eval: true, workerData: options });
  let settled = false;
  const failed = new Promise<never>((_, reject) => {
    worker.once('error', reject);
    worker.once('exit', (code) => {
      if (!settled) reject(new Error(`type-check worker exited with code ${code} before answering`));
    });
  });
  failed.catch(() => undefined);
  return {
    async check(files) {
      if (files.length === 0) {
        await this.close();
        return { diagnostics: [], surfaceDiagnostics: [], inputPaths: [] };
      }
      const answer = new Promise<Partial<CheckResult> & { error?: string }>((resolve) => worker.once('message', resolve));
      worker.postMessage({ files: files.map(({ fileName, text, templateName }) => ({ fileName, text, templateName })) });
      try {
        const reply = await Promise.race([answer, failed]);
        if (reply.error !== undefined) throw new Error(`type-check failed: ${reply.error}`);
        return { diagnostics: reply.diagnostics ?? [], surfaceDiagnostics: reply.surfaceDiagnostics ?? [], inputPaths: reply.inputPaths ?? [] };
      } finally {
        await this.close();
      }
    },
    async close() {
      settled = true;
      await worker.terminate();
    },
  };
}

/** URL of tsx's ESM `register` API, from tsx's own package exports (require.resolve would pick its CJS build). */
function tsxEsmApiUrl(): string {
  const require = createRequire(import.meta.url);
  const manifestPath = require.resolve('tsx/package.json');
  const manifest = require(manifestPath) as { exports: Record<string, { import?: { default?: string } } | string> };
  const api = manifest.exports['./esm/api'];
  const target = typeof api === 'object' ? api.import?.default : undefined;
  if (!target) throw new Error('tsx does not export ./esm/api for import; the type-check worker cannot start');
  return pathToFileURL(path.join(path.dirname(manifestPath), target)).href;
}

/**
 * Type-checks `files` in one Project and returns their diagnostics (empty = clean); throws
 * TypeSurfaceError when the harness's type surface itself does not check.
 */
export async function checkGenerated(files: readonly CheckedFile[], options: CheckOptions): Promise<GeneratedDiagnostic[]> {
  const { diagnostics, surfaceDiagnostics } = await startTypeCheck(options).check(files);
  if (surfaceDiagnostics.length > 0) throw new TypeSurfaceError(surfaceDiagnostics);
  return diagnostics;
}
