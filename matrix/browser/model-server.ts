/**
 * The loopback HTTP server of the web platform: the page, its runner, transformers.js's browser bundle,
 * ONNX Runtime Web's wasm files and the model folders, all with COOP/COEP headers (cross-origin isolation:
 * SharedArrayBuffer for wasm threads, and the browser's memory API).
 */
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { oneNodeModel } from '../devices/one-node-model.js';

/** Folders the server maps to URL paths. */
export interface ModelServerOptions {
  /** Model roots: `/models/<i>/<relative path>` serves `roots[i]/<relative path>`. */
  roots: readonly string[];
  /** transformers.js's `dist/` (served as `/tjs/`). */
  transformersDist: string;
  /** onnxruntime-web's `dist/` (served as `/ort/`). */
  ortDist: string;
}

/** A started server: its origin (`http://127.0.0.1:PORT`) and how to stop it. */
export interface ModelServer {
  origin: string;
  close(): Promise<void>;
}

const RUNNER = fileURLToPath(new URL('./page/cell-runner.js', import.meta.url));
const TYPES: Record<string, string> = { '.mjs': 'text/javascript', '.js': 'text/javascript', '.wasm': 'application/wasm', '.json': 'application/json', '.html': 'text/html' };
const PAGE = '<!doctype html><meta charset="utf-8"><title>model-matrix web cells</title>';

/** Starts the server on 127.0.0.1 (a free port). Paths that leave their folder are 404. */
export function startModelServer(options: ModelServerOptions): Promise<ModelServer> {
  const probeModel = oneNodeModel();
  const server = createServer((req, res) => {
    const headers = {
      'Cross-Origin-Opener-Policy': 'same-origin',
      'Cross-Origin-Embedder-Policy': 'require-corp',
      'Cross-Origin-Resource-Policy': 'same-origin',
      'Cache-Control': 'no-store',
    };
    let pathname: string;
    try {
      pathname = decodeURIComponent(new URL(req.url ?? '/', 'http://127.0.0.1').pathname);
    } catch {
      return res.writeHead(400, headers).end();
    }
    if (pathname === '/') return res.writeHead(200, { ...headers, 'Content-Type': 'text/html' }).end(PAGE);
    if (pathname === '/model.onnx') return res.writeHead(200, { ...headers, 'Content-Type': 'application/octet-stream' }).end(probeModel);
    const file = resolveFile(pathname, options);
    if (!file) return res.writeHead(404, headers).end();
    res.writeHead(200, { ...headers, 'Content-Type': TYPES[path.extname(file)] ?? 'application/octet-stream', 'Content-Length': statSync(file).size });
    createReadStream(file).pipe(res);
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      resolve({
        origin: `http://127.0.0.1:${port}`,
        close: () => new Promise<void>((done) => {
          server.closeAllConnections();
          server.close(() => done());
        }),
      });
    });
  });
}

/** The file a URL path names, or null (unknown prefix, missing file, or a path escaping its folder). */
export function resolveFile(pathname: string, options: ModelServerOptions): string | null {
  if (pathname === '/runner.js') return RUNNER;
  const [, prefix, ...rest] = pathname.split('/');
  let base: string | undefined;
  let relative = rest.join('/');
  if (prefix === 'tjs') base = options.transformersDist;
  else if (prefix === 'ort') base = options.ortDist;
  else if (prefix === 'models') {
    base = /^\d+$/.test(rest[0] ?? '') ? options.roots[Number(rest[0])] : undefined;
    relative = rest.slice(1).join('/');
  }
  if (!base || !relative) return null;
  const file = path.resolve(base, relative);
  if (!file.startsWith(path.resolve(base) + path.sep)) return null;
  return existsSync(file) && statSync(file).isFile() ? file : null;
}
