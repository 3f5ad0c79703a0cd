/**
 * Pre-check of a real cell: when the dtype's model files on disk are larger than the free memory, the
 * model cannot be loaded (ONNX Runtime holds at least the weights), so the cell is stored `unsupported`
 * with both numbers instead of taking the machine into swap or the OOM killer. The run goes on.
 */
import { freemem } from 'node:os';
import { modelBytes } from './cell-flops.js';
import { UnsupportedError } from './errors.js';
import type { Dtype } from './types.js';

/** Throws UnsupportedError naming the model bytes and the free bytes when the files do not fit. */
export function checkMemoryFit(folder: string, dtype: Dtype, freeBytes: number = freemem()): void {
  const bytes = modelBytes(folder, dtype);
  if (bytes === undefined || bytes <= freeBytes) return;
  throw new UnsupportedError(
    `does not fit: the ${dtype} model files are ${bytes} bytes, more than the ${freeBytes} bytes of free memory`,
    'pick a smaller dtype (q4, q8) with MATRIX_DTYPES, or a machine with more memory',
  );
}
