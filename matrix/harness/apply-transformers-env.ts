import { env as transformersEnv } from '@huggingface/transformers';

/**
 * Points transformers.js at another Hub and cache when asked: `MATRIX_HUB_URL` → `env.remoteHost` (a
 * loopback Hub in tests, a mirror), `MATRIX_CACHE_DIR` → `env.cacheDir` (the benchmark server's cold
 * mode gives each repeat an empty one, so the load includes the download). Unset, nothing changes.
 */
export function applyTransformersEnv(env: NodeJS.ProcessEnv = process.env): void {
  const hubUrl = env.MATRIX_HUB_URL?.trim();
  if (hubUrl) transformersEnv.remoteHost = hubUrl.endsWith('/') ? hubUrl : `${hubUrl}/`;
  const cacheDir = env.MATRIX_CACHE_DIR?.trim();
  if (cacheDir) transformersEnv.cacheDir = cacheDir;
}
