/**
 * Loads onnxruntime-node the way transformers.js does (`createRequire(...)('onnxruntime-node')`),
 * resolving it from @huggingface/transformers' own location so we get the very binding it runs,
 * hoisted or nested. Typed with just what model-matrix uses.
 */
import { createRequire } from 'node:module';
import path from 'node:path';

/** The parts of onnxruntime-node model-matrix touches. */
export interface OrtModule {
  InferenceSession: {
    create(model: Uint8Array | string, options?: Record<string, unknown>): Promise<OrtSession>;
  };
  Tensor: new (type: string, data: ArrayLike<number> | ArrayLike<bigint>, dims: readonly number[]) => OrtTensor;
  listSupportedBackends(): Array<{ name: string; bundled: boolean }>;
  env: { versions?: Record<string, string> };
}

export interface OrtTensor {
  dims: readonly number[];
  type: string;
  data: ArrayLike<number> | ArrayLike<bigint>;
}

export interface OrtSession {
  inputNames: readonly string[];
  outputNames: readonly string[];
  run(feeds: Record<string, OrtTensor>): Promise<Record<string, OrtTensor>>;
  release(): Promise<void>;
}

const requireHere = createRequire(import.meta.url);

/** Absolute path of the onnxruntime-node package transformers.js uses (its package.json folder). */
export function resolveOrtPackageDir(): string {
  let from = requireHere;
  try {
    const transformersEntry = requireHere.resolve('@huggingface/transformers');
    from = createRequire(transformersEntry);
  } catch {
    // transformers.js not resolvable from here: fall back to our own resolution
  }
  return path.dirname(from.resolve('onnxruntime-node/package.json'));
}

/** The onnxruntime-node module (loads the native binding on first call). */
export function loadOrt(): OrtModule {
  return requireHere(resolveOrtPackageDir()) as OrtModule;
}
