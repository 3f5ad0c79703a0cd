/** The memory pre-check (matrix/harness/check-memory-fit.ts): a model larger than free memory is unsupported, with both numbers. */
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkMemoryFit } from '../matrix/harness/check-memory-fit.js';
import { UnsupportedError } from '../matrix/harness/errors.js';
import { causalLmContract } from '../matrix/forge/text/causal-lm-contract.js';
import { forgeText } from './forge-text-helpers.js';

describe('checkMemoryFit', () => {
  it('refuses a dtype whose files exceed free memory, naming both byte counts, and passes one that fits', async () => {
    const dir = await forgeText(causalLmContract, 'gpt2', 'text-generation', ['fp32', 'q4']);
    const q4Bytes = statSync(join(dir, 'onnx', 'model_q4.onnx')).size;
    expect(() => checkMemoryFit(dir, 'q4', q4Bytes)).not.toThrow();
    let error: unknown;
    try {
      checkMemoryFit(dir, 'q4', q4Bytes - 1);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(UnsupportedError);
    expect((error as Error).message).toContain(`${q4Bytes} bytes, more than the ${q4Bytes - 1} bytes of free memory`);
    // No files for the dtype (or no folder): nothing to check.
    expect(() => checkMemoryFit(dir, 'fp16', 0)).not.toThrow();
    expect(() => checkMemoryFit('/nonexistent', 'fp32', 0)).not.toThrow();
  });
});
