/**
 * The browser room: the web platform. Generated tests stay in node and keep the harness API; a web cell's
 * model is loaded in one long-lived Chromium page per test worker (transformers.js's browser build, ONNX
 * Runtime Web's local wasm files, models from a loopback server) and every model call runs there.
 */
export { startWebPlatform, WEB_CELL_ARGS, type WebPlatform, type StartWebOptions } from './start-web-platform.js';
export { loadInPage, servedPath, type PageLoadSpec, type PageModel } from './page-model.js';
export { pageClock, pageMemory, closePage } from './page-session.js';
export { startModelServer, type ModelServer, type ModelServerOptions } from './model-server.js';
export { encodeValue, decodeValue, type WireValue } from './wire-value.js';
export { BrowserError, NotServedError, PageCallError } from './errors.js';
