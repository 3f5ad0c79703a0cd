/**
 * The script the browser probe evaluates in the page (a plain JS string, so no TypeScript/tsx transform
 * touches it). It imports onnxruntime-web (served from the loopback server), and for each web device
 * creates a session of the one-node Add model with that execution provider alone (CPU fallback disabled
 * for webgpu/webnn), runs it, and checks [1, 2] + [3, 4] = [4, 6]. WebGPU adapter facts are collected so
 * software adapters (SwiftShader) can be flagged.
 */
export const BROWSER_PROBE_SCRIPT = String.raw`(async () => {
  const results = {};
  let ort;
  try {
    ort = await import('/ort/ort.all.bundle.min.mjs');
    ort.env.wasm.numThreads = 1;
    ort.env.wasm.wasmPaths = '/ort/';
  } catch (e) {
    for (const d of ['wasm', 'webgpu', 'webnn']) results[d] = { ok: false, message: 'onnxruntime-web did not load: ' + (e && e.message || e), info: {} };
    return results;
  }
  const model = new Uint8Array(await (await fetch('/model.onnx')).arrayBuffer());
  const info = {};
  info.wasm = { simd: WebAssembly.validate(new Uint8Array([0,97,115,109,1,0,0,0,1,5,1,96,0,1,123,3,2,1,0,10,10,1,8,0,65,0,253,15,253,98,11])), crossOriginIsolated: self.crossOriginIsolated === true };
  info.webgpu = {};
  if (!navigator.gpu) info.webgpu.missing = 'navigator.gpu is undefined (WebGPU disabled in this browser)';
  else {
    const adapter = await navigator.gpu.requestAdapter();
    if (!adapter) info.webgpu.missing = 'no WebGPU adapter';
    else {
      const a = adapter.info || {};
      info.webgpu = { vendor: a.vendor || '', architecture: a.architecture || '', device: a.device || '', description: a.description || '', fallback: a.isFallbackAdapter === true };
    }
  }
  info.webnn = {};
  if (!('ml' in navigator)) info.webnn.missing = 'navigator.ml is undefined (WebNN not enabled in this browser)';
  const providers = { wasm: 'wasm', webgpu: 'webgpu', webnn: { name: 'webnn', deviceType: 'cpu' } };
  for (const device of ['wasm', 'webgpu', 'webnn']) {
    if (info[device].missing) { results[device] = { ok: false, message: info[device].missing, info: {} }; continue; }
    try {
      const options = { executionProviders: [providers[device]] };
      if (device !== 'wasm') options.extra = { session: { disable_cpu_ep_fallback: '1' } };
      const session = await ort.InferenceSession.create(model, options);
      const out = await session.run({ a: new ort.Tensor('float32', Float32Array.of(1, 2), [2]), b: new ort.Tensor('float32', Float32Array.of(3, 4), [2]) });
      const c = Array.from(out.c.data);
      const ok = c.length === 2 && c[0] === 4 && c[1] === 6;
      results[device] = { ok, message: ok ? '' : 'ran but computed [' + c.join(', ') + '] for [1, 2] + [3, 4]', info: info[device] };
      await session.release();
    } catch (e) {
      results[device] = { ok: false, message: String(e && e.message || e), info: info[device] };
    }
  }
  return results;
})()`;
