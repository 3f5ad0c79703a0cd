import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { npm } from './install-cache.js';

/** One published library version to run against. */
export interface VersionSpec {
  transformers: string;
  /** An onnxruntime-node version to force under it (npm `overrides`), when asked for. */
  onnxruntime?: string;
}

/** The folder name and table label of a version spec. */
export function versionLabel(spec: VersionSpec): string {
  return `transformers@${spec.transformers}${spec.onnxruntime ? `+ort@${spec.onnxruntime}` : ''}`;
}

/**
 * Installs @huggingface/transformers `spec.transformers` (and its own onnxruntime-node, or the one
 * forced) into `<root>/<label>/` once, side by side with other versions, with install scripts off as
 * in the project itself. Returns the installed package's folder. A version the registry does not have
 * is an Error saying so; a half-finished install never stays (it is built in a temp folder, then renamed).
 */
export async function installVersion(root: string, spec: VersionSpec, env: NodeJS.ProcessEnv = process.env): Promise<string> {
  const dir = path.join(root, versionLabel(spec).replace(/[^\w.@+-]/g, '_'));
  const pkgDir = path.join(dir, 'node_modules', '@huggingface', 'transformers');
  if (installedVersion(pkgDir) === spec.transformers) return pkgDir;
  const temp = `${dir}.tmp-${process.pid}`;
  rmSync(temp, { recursive: true, force: true });
  mkdirSync(temp, { recursive: true });
  const manifest: Record<string, unknown> = { name: 'matrix-version-install', private: true, dependencies: { '@huggingface/transformers': spec.transformers } };
  if (spec.onnxruntime) manifest.overrides = { 'onnxruntime-node': spec.onnxruntime };
  writeFileSync(path.join(temp, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  writeFileSync(path.join(temp, '.npmrc'), 'ignore-scripts=true\n');
  try {
    await npm(temp, ['install', '--no-audit', '--no-fund', '--no-package-lock'], env);
  } catch (error) {
    rmSync(temp, { recursive: true, force: true });
    const message = (error as Error).message;
    if (/E404|ETARGET|No matching version|is not in this registry|404 Not Found/i.test(message)) {
      throw new Error(`${versionLabel(spec)} does not exist on the npm registry (${message.replace(/^npm install \S+ \S+ \S+ failed \(exit \d+\): /, '').slice(0, 200)})`);
    }
    throw new Error(`installing ${versionLabel(spec)} failed: ${message.slice(0, 300)}`);
  }
  const got = installedVersion(path.join(temp, 'node_modules', '@huggingface', 'transformers'));
  if (got !== spec.transformers) {
    rmSync(temp, { recursive: true, force: true });
    throw new Error(`npm installed @huggingface/transformers ${got ?? 'nothing'} for ${spec.transformers}: give an exact version`);
  }
  rmSync(dir, { recursive: true, force: true });
  renameSync(temp, dir);
  return pkgDir;
}

/** The version of the package installed at `pkgDir`, or null. */
export function installedVersion(pkgDir: string): string | null {
  const manifest = path.join(pkgDir, 'package.json');
  if (!existsSync(manifest)) return null;
  try {
    return (JSON.parse(readFileSync(manifest, 'utf8')) as { version?: string }).version ?? null;
  } catch {
    return null;
  }
}
