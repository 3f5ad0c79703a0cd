// Child process of the onnxruntime-node device probe (matrix/devices/ort-probe.ts): one execution provider per
// process, so a crashing GPU driver or the runtime's native log lines cannot touch the run that asked.
// stdin: {"ortDir": "<onnxruntime-node folder>", "ep": "cuda", "model": "<base64 ONNX: c = Add(a, b) over float32 [2]>"}
// stdout: {"ok": bool, "message": string, "backends": [{name, bundled}], "output": number[] | null}
'use strict';
const fs = require('node:fs');

async function main() {
  const input = JSON.parse(fs.readFileSync(0, 'utf8'));
  const result = { ok: false, message: '', backends: [], output: null };
  try {
    const ort = require(input.ortDir);
    result.backends = ort.listSupportedBackends();
    const options = { executionProviders: [input.ep], logSeverityLevel: 3 };
    // Without this a session whose nodes the provider rejects runs them on CPU and looks "available".
    if (input.ep !== 'cpu') options.extra = { session: { disable_cpu_ep_fallback: '1' } };
    const session = await ort.InferenceSession.create(Buffer.from(input.model, 'base64'), options);
    const feeds = {
      a: new ort.Tensor('float32', Float32Array.of(1, 2), [2]),
      b: new ort.Tensor('float32', Float32Array.of(3, 4), [2]),
    };
    const out = await session.run(feeds);
    result.output = Array.from(out.c.data);
    result.ok = result.output.length === 2 && result.output[0] === 4 && result.output[1] === 6;
    if (!result.ok) result.message = `ran but computed [${result.output.join(', ')}] for [1, 2] + [3, 4]`;
    await session.release();
  } catch (error) {
    result.message = error && error.message ? String(error.message) : String(error);
  }
  process.stdout.write(JSON.stringify(result));
}

main().then(
  () => process.exit(0),
  (error) => {
    process.stderr.write(String(error && error.stack ? error.stack : error));
    process.exit(3);
  },
);
