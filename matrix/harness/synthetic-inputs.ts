/**
 * Deterministic synthetic media for vision and audio cells: the same pixels and samples every run,
 * so outputs are comparable across devices, dtypes and runs.
 */

/** RGB bytes of a `width`×`height` image: smooth gradients plus a per-image offset. */
export function syntheticPixels(width: number, height: number, index: number): Uint8ClampedArray {
  const data = new Uint8ClampedArray(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 3;
      data[i] = (x * 255) / Math.max(1, width - 1);
      data[i + 1] = (y * 255) / Math.max(1, height - 1);
      data[i + 2] = ((x + y) * 37 + index * 61) % 256;
    }
  }
  return data;
}

/** Mono samples: a 440 Hz tone (shifted per clip) plus deterministic pseudo-noise, amplitude ≤ 0.5. */
export function syntheticAudio(seconds: number, samplingRate: number, index: number): Float32Array {
  const n = Math.max(1, Math.round(seconds * samplingRate));
  const out = new Float32Array(n);
  let seed = 12345 + index;
  const freq = 440 + 110 * index;
  for (let i = 0; i < n; i++) {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    out[i] = 0.4 * Math.sin((2 * Math.PI * freq * i) / samplingRate) + 0.1 * (seed / 2147483648 - 0.5);
  }
  return out;
}

/** Grey bytes of a `width`×`height` trimap: left third background (0), middle unknown (128), right third foreground (255). */
export function syntheticTrimap(width: number, height: number): Uint8ClampedArray {
  const data = new Uint8ClampedArray(width * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) data[y * width + x] = x < width / 3 ? 0 : x < (2 * width) / 3 ? 128 : 255;
  }
  return data;
}
