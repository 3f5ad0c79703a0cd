// The page side of the web platform: served by the model server as /runner.js and imported by the page.
// It loads transformers.js's browser bundle (ONNX Runtime Web inside) from the same loopback server, points
// ONNX Runtime at the local wasm files and transformers.js at the served model folders, and answers the
// node side (matrix/browser/page-model.ts) through `window.matrixRunner`. Every value crossing the page
// boundary uses the wire format of matrix/browser/wire-value.ts: tensors as {$t, dims, b64}, models as
// {$m: id}, bigints as {$b}. Plain JS on purpose: the browser runs this file as it is.

const T = await import('/tjs/transformers.js');

T.env.allowLocalModels = true;
T.env.allowRemoteModels = false;
T.env.localModelPath = '/models/';
T.env.useBrowserCache = false;
T.env.useWasmCache = false;
const wasm = T.env.backends.onnx.wasm;
wasm.wasmPaths = { mjs: '/ort/ort-wasm-simd-threaded.asyncify.mjs', wasm: '/ort/ort-wasm-simd-threaded.asyncify.wasm' };
wasm.numThreads = 1;

const models = new Map();
let nextId = 1;
let peakMemoryBytes = 0;
let memoryError = '';

/** Methods of a loaded model the node side may call; anything else is refused. */
const CALLABLE = new Set(['forward', 'generate', 'encode', 'decode', '_prepare_encoder_decoder_kwargs_for_generation', 'generate_speech']);

function toBase64(bytes) {
  let text = '';
  for (let i = 0; i < bytes.length; i += 0x8000) text += String.fromCharCode.apply(null, bytes.subarray(i, i + 0x8000));
  return btoa(text);
}

function fromBase64(b64) {
  const text = atob(b64);
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
  return bytes;
}

const ARRAYS = {
  float32: Float32Array, float64: Float64Array, float16: Uint16Array, int8: Int8Array, uint8: Uint8Array, int16: Int16Array,
  uint16: Uint16Array, int32: Int32Array, uint32: Uint32Array, int64: BigInt64Array, uint64: BigUint64Array, bool: Uint8Array,
};

/** A tensor's values on the CPU: WebGPU outputs kept on the GPU (the KV cache) are downloaded first. */
async function cpuData(tensor) {
  const ort = tensor.ort_tensor;
  if (ort && ort.location && ort.location !== 'cpu' && typeof ort.getData === 'function') return await ort.getData();
  return tensor.data;
}

async function encode(value, depth = 0) {
  if (depth > 8) return null;
  if (value === null || value === undefined) return null;
  if (typeof value === 'bigint') return { $b: value.toString() };
  if (typeof value !== 'object') return typeof value === 'function' ? null : value;
  if (value instanceof T.Tensor) {
    if (value.type === 'string') return { $t: 'string', dims: value.dims, strings: Array.from(value.data) };
    const data = await cpuData(value);
    const bytes = data instanceof Uint8Array ? data : new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
    return { $t: value.type, dims: value.dims, b64: toBase64(bytes) };
  }
  if (ArrayBuffer.isView(value)) return Array.from(value, (v) => (typeof v === 'bigint' ? { $b: v.toString() } : v));
  if (Array.isArray(value)) return Promise.all(value.map((v) => encode(v, depth + 1)));
  for (const [id, model] of models) if (model === value) return { $m: id };
  const out = {};
  for (const [k, v] of Object.entries(value)) {
    if (typeof v === 'function' || v === undefined) continue;
    out[k] = await encode(v, depth + 1);
  }
  return out;
}

/** Frees the GPU buffers of returned tensors once they are encoded (node holds the copy; nothing in the page reads them). */
function releaseGpu(value, depth = 0) {
  if (!value || typeof value !== 'object' || depth > 8) return;
  if (value instanceof T.Tensor) {
    const ort = value.ort_tensor;
    if (ort && ort.location && ort.location !== 'cpu' && typeof ort.dispose === 'function') ort.dispose();
    return;
  }
  if (ArrayBuffer.isView(value) || [...models.values()].includes(value)) return;
  for (const v of Array.isArray(value) ? value : Object.values(value)) releaseGpu(v, depth + 1);
}

function decode(value) {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map(decode);
  if ('$b' in value) return BigInt(value.$b);
  if ('$m' in value) {
    const model = models.get(value.$m);
    if (!model) throw new Error(`model handle ${value.$m} is not loaded in the page`);
    return model;
  }
  if ('$t' in value) {
    if (value.$t === 'string') return new T.Tensor('string', value.strings, value.dims);
    const bytes = fromBase64(value.b64);
    const Ctor = ARRAYS[value.$t];
    if (!Ctor) throw new Error(`tensor type ${value.$t} has no typed array in the page`);
    return new T.Tensor(value.$t, new Ctor(bytes.buffer, 0, bytes.byteLength / Ctor.BYTES_PER_ELEMENT), value.dims);
  }
  const out = {};
  for (const [k, v] of Object.entries(value)) out[k] = decode(v);
  return out;
}

function sessionFacts(model) {
  const facts = {};
  for (const [name, session] of Object.entries(model.sessions ?? {})) {
    const metadata = Array.isArray(session.inputMetadata)
      ? session.inputMetadata.map((m) => ({ name: m.name, isTensor: m.isTensor, type: m.type, shape: m.shape ? Array.from(m.shape) : undefined }))
      : undefined;
    facts[name] = { inputNames: Array.from(session.inputNames ?? []), ...(metadata ? { inputMetadata: metadata } : {}) };
  }
  return facts;
}

/** Page memory where the browser exposes it: measureUserAgentSpecificMemory (cross-origin isolated), else performance.memory. */
async function memory() {
  let bytes = null;
  let api = 'none';
  if (self.crossOriginIsolated && typeof performance.measureUserAgentSpecificMemory === 'function') {
    try {
      const result = await Promise.race([performance.measureUserAgentSpecificMemory(), new Promise((r) => setTimeout(() => r(null), 2000))]);
      if (result && typeof result.bytes === 'number') {
        bytes = result.bytes;
        api = 'performance.measureUserAgentSpecificMemory';
      }
    } catch (e) {
      memoryError = String((e && e.message) || e);
    }
  }
  if (bytes === null && performance.memory && typeof performance.memory.usedJSHeapSize === 'number') {
    bytes = performance.memory.usedJSHeapSize;
    api = 'performance.memory.usedJSHeapSize';
  }
  if (bytes !== null) peakMemoryBytes = Math.max(peakMemoryBytes, bytes);
  return { bytes, peakBytes: bytes === null ? null : peakMemoryBytes, api, ...(memoryError ? { error: memoryError } : {}) };
}

async function probeWebnn() {
  const out = {};
  for (const deviceType of ['cpu', 'gpu', 'npu']) {
    if (!('ml' in navigator)) {
      out[deviceType] = 'navigator.ml is undefined (WebNN not enabled in this browser)';
      continue;
    }
    try {
      const context = await navigator.ml.createContext({ deviceType });
      out[deviceType] = context ? '' : 'createContext returned nothing';
    } catch (e) {
      out[deviceType] = String((e && e.message) || e) || 'createContext failed without a message';
    }
  }
  return out;
}

window.matrixRunner = {
  version: T.env.version,
  ortVersion: T.env.backends.onnx.versions?.web ?? 'unknown',
  wasm: () => ({ numThreads: wasm.numThreads, crossOriginIsolated: self.crossOriginIsolated === true, sharedArrayBuffer: typeof SharedArrayBuffer === 'function' }),
  probeWebnn,
  memory,
  /** Seeds transformers.js's random in the page (noise of generative speech), as node's is seeded. */
  seed(value) {
    T.random.seed(value);
  },
  async load(spec) {
    const auto = T[spec.autoClass];
    if (!/^Auto[A-Za-z0-9]+$/.test(spec.autoClass) || typeof auto?.from_pretrained !== 'function') {
      throw new Error(`transformers.js ${T.env.version} (web) has no Auto class ${JSON.stringify(spec.autoClass)}`);
    }
    const start = performance.now();
    const model = await auto.from_pretrained(spec.modelPath, {
      device: spec.device,
      dtype: spec.dtype,
      local_files_only: true,
      session_options: { logSeverityLevel: 3 },
    });
    const loadMs = performance.now() - start;
    const id = nextId++;
    models.set(id, model);
    return {
      id,
      loadMs,
      className: model.constructor.name,
      config: await encode(model.config),
      generationConfig: await encode(model.generation_config ?? null),
      forwardParams: model.forward_params ?? null,
      mainInputName: model.main_input_name ?? null,
      sessions: sessionFacts(model),
    };
  },
  async call(id, method, args) {
    const model = models.get(id);
    if (!model) throw new Error(`model handle ${id} is not loaded in the page`);
    if (!CALLABLE.has(method) || typeof model[method] !== 'function') throw new Error(`${model.constructor.name} has no method ${method} the runner may call`);
    const decoded = decode(args);
    const start = performance.now();
    const value = await model[method](...decoded);
    const ms = performance.now() - start;
    const encoded = await encode(value);
    releaseGpu(value);
    return { ms, value: encoded };
  },
  /**
   * The measured loop of a cell, in the page: the same call `profile.warmupRuns` times untimed, then timed
   * samples until both minSamples and minTimeMs are reached, or either maxSamples or maxTimeMs (at least one
   * sample), exactly as matrix/harness/measure.ts does in node. Answers the samples and the last value.
   */
  async repeat(id, method, args, profile) {
    const model = models.get(id);
    if (!model) throw new Error(`model handle ${id} is not loaded in the page`);
    if (!CALLABLE.has(method) || typeof model[method] !== 'function') throw new Error(`${model.constructor.name} has no method ${method} the runner may call`);
    const decoded = decode(args);
    let value;
    for (let i = 0; i < profile.warmupRuns; i++) value = await model[method](...decoded);
    const samplesMs = [];
    const loopStart = performance.now();
    for (;;) {
      const start = performance.now();
      value = await model[method](...decoded);
      const end = performance.now();
      samplesMs.push(end - start);
      const elapsedMs = end - loopStart;
      if (samplesMs.length >= profile.maxSamples || elapsedMs >= profile.maxTimeMs) break;
      if (samplesMs.length >= profile.minSamples && elapsedMs >= profile.minTimeMs) break;
    }
    // The node side keeps the first call's value (same model, same inputs): only the samples travel back.
    void value;
    return { samplesMs };
  },
  async dispose(id) {
    const model = models.get(id);
    models.delete(id);
    if (model) await model.dispose();
  },
  /**
   * The benchmark of bench/web-harness-overhead.ts: `iterations` timed calls of the model's forward (what a
   * cell's measure times) and of a bare session.run loop on the same ONNX feeds, both in this page.
   */
  async overhead(id, args, iterations) {
    const model = models.get(id);
    const inputs = decode(args)[0];
    const session = model.sessions.model ?? Object.values(model.sessions)[0];
    const feeds = {};
    for (const name of session.inputNames) if (inputs[name]) feeds[name] = inputs[name].ort_tensor ?? inputs[name];
    const time = async (fn) => {
      for (let i = 0; i < 5; i++) await fn();
      const samples = [];
      for (let i = 0; i < iterations; i++) {
        const s = performance.now();
        await fn();
        samples.push(performance.now() - s);
      }
      return samples;
    };
    const forwardMs = await time(() => model.forward(inputs));
    const sessionMs = await time(() => session.run(feeds));
    return { forwardMs, sessionMs };
  },
};
