/**
 * Asks the Hub whether it serves a model, within a short timeout. Only used when MATRIX_ALLOW_HUB=1;
 * tests never reach the network (they pass their own probe or a loopback `hubUrl`).
 */
import { env as transformersEnv } from '@huggingface/transformers';
import { checkModelId } from './check-model-id.js';

/** True when `GET <hubUrl>/api/models/<id>` answers 2xx within `timeoutMs`. */
export async function probeHub(
  modelId: string,
  options: { hubUrl?: string; fetch?: typeof fetch; timeoutMs?: number } = {},
): Promise<boolean> {
  const id = checkModelId(modelId);
  const hubUrl = (options.hubUrl ?? transformersEnv.remoteHost).replace(/\/+$/, '');
  const doFetch = options.fetch ?? fetch;
  try {
    const response = await doFetch(`${hubUrl}/api/models/${id.split('/').map(encodeURIComponent).join('/')}`, {
      signal: AbortSignal.timeout(options.timeoutMs ?? 3_000),
    });
    return response.ok;
  } catch {
    return false;
  }
}
