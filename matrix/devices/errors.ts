/**
 * Errors of device set-up (`matrix setup`): each has a stable code, says what failed and names the
 * next step.
 */
import { MatrixError } from '../errors.js';

/** The targets `matrix setup` knows. */
export const SETUP_TARGETS = ['cuda'] as const;
export type SetupTarget = (typeof SETUP_TARGETS)[number];

/** `matrix setup X` with an X it does not know (bad input, exit 2). */
export class UnknownSetupTargetError extends MatrixError {
  constructor(target: string) {
    super(
      'SETUP_UNKNOWN_TARGET',
      `Unknown set-up target ${JSON.stringify(target)}; valid: ${SETUP_TARGETS.join(', ')}.`,
      'Run `npm run matrix -- setup cuda` to fetch the CUDA execution provider for onnxruntime-node.',
    );
  }
}

/** onnxruntime-node's own installer could not fetch the CUDA provider (exit 1); the CPU install is unchanged. */
export class SetupCudaFailedError extends MatrixError {
  constructor(ortVersion: string, why: string) {
    super(
      'SETUP_CUDA_FAILED',
      `Fetching the CUDA 12 provider for onnxruntime-node ${ortVersion} failed: ${why}.`,
      'The CPU install is unchanged and still works. onnxruntime-node downloads this provider from its own package feed, ' +
        'outside the npm registry: run `npm run matrix -- setup cuda` again on a machine that can reach it ' +
        '(proxy settings: GLOBAL_AGENT_HTTPS_PROXY), then `npm run matrix -- devices`.',
      { exitCode: 1 },
    );
  }
}
