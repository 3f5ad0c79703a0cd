/**
 * The boundary rule of matrix/forge's layout (matrix/forge/README.md): the shared folders (onnx/,
 * tokenizers/, config/, disk/, contracts/contract.ts and forged-folder.ts) import no modality folder;
 * text/, vision/ and audio/ import only shared folders and themselves; multimodal/ and other/ may also
 * import text/, vision/ and audio/ (they combine them). Only the entry points at the top, smoke/ and
 * contracts/index.ts (the ordered list of every contract) import anything.
 */
import path from 'node:path';

/** One import that breaks the forge layout: the importing file (relative to matrix/forge) and the target. */
export interface ForgeLayoutViolation {
  from: string;
  to: string;
  rule: string;
}

const SHARED = new Set(['onnx', 'tokenizers', 'config', 'disk', 'contracts']);
const MODALITIES = new Set(['text', 'vision', 'audio']);
const COMBINING = new Set(['multimodal', 'other']);
const FREE = new Set(['contracts/index.ts']);

/** The layout violation of one import inside matrix/forge (paths relative to matrix/forge, `/`-separated), or null. */
export function forgeLayoutViolation(from: string, to: string): ForgeLayoutViolation | null {
  const fromFolder = from.includes('/') ? from.split('/')[0]! : '';
  const toFolder = to.includes('/') ? to.split('/')[0]! : '';
  if (fromFolder === '' || fromFolder === 'smoke' || FREE.has(from) || toFolder === fromFolder) return null;
  if (to === 'errors.ts' || (SHARED.has(toFolder) && !FREE.has(to))) return null;
  if (COMBINING.has(fromFolder) && MODALITIES.has(toFolder)) return null;
  const rule = SHARED.has(fromFolder)
    ? `matrix/forge/${fromFolder}/ is shared: it imports only other shared folders (onnx, tokenizers, config, disk, contracts/contract.ts) and errors.ts`
    : MODALITIES.has(fromFolder)
      ? `matrix/forge/${fromFolder}/ imports only its own folder, the shared folders and errors.ts; move what two modalities share into a shared folder`
      : `matrix/forge/${fromFolder}/ imports only its own folder, text/, vision/, audio/, the shared folders and errors.ts`;
  return { from, to, rule };
}

/** Resolves a relative `.js` import of a forge file to its `.ts` path relative to matrix/forge (null outside the forge). */
export function forgeTarget(forgeDir: string, file: string, specifier: string): string | null {
  if (!specifier.startsWith('.')) return null;
  const target = path.resolve(path.dirname(file), specifier).replace(/\.js$/, '.ts');
  const rel = path.relative(forgeDir, target);
  if (rel.startsWith('..') || path.isAbsolute(rel)) return null;
  return rel.split(path.sep).join('/');
}
