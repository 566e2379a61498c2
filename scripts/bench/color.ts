// Colour science and metrics speed, as ratios measured in this run on this machine:
// - soft-encoding a batch of targets: plain loop (softEncodeArray) vs tfjs ops (topk +
//   scatterND, softEncodeTensor) on the cpu and wasm backends;
// - whole-image sRGB -> Lab: the 8-bit table path vs the per-pixel formula;
// - all five metrics on one 768 x 512 pair (absolute: pairs/s, what `npm run evaluate` does).
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { seededRandom } from '../../app/lib/random';
import { computeAbBins } from '../../model/color/bins';
import { srgbToLabArray, srgbToLabPixel } from '../../model/color/lab-math';
import { softEncodeArray, softEncodeTensor } from '../../model/color/soft-encode';
import { scoreImage } from '../../model/metrics/evaluate-folders';

/** Median wall time in ms of `reps` runs after one warm-up. */
function time(fn: () => void, reps: number): number {
  fn();
  const times: number[] = [];
  for (let i = 0; i < reps; i++) {
    const t = performance.now();
    fn();
    times.push(performance.now() - t);
  }
  return times.sort((a, b) => a - b)[Math.floor(reps / 2)];
}

async function main(): Promise<void> {
  const bins = computeAbBins();
  const random = seededRandom(1);
  // Targets at 1/4 resolution of a batch of 40 crops at 64 px (the small preset): 40 x 16 x 16.
  const shape = [40, 16, 16, 2];
  const ab = Float32Array.from({ length: 40 * 16 * 16 * 2 }, () => (random() - 0.5) * 160);
  const loopMs = time(() => softEncodeArray(ab, bins), 5);
  for (const backend of ['cpu', 'wasm']) {
    await tf.setBackend(backend);
    await tf.ready();
    const t = tf.tensor(ab, shape);
    const opsMs = time(() => softEncodeTensor(t, bins, 5, 5).dispose(), 3);
    t.dispose();
    console.log(
      `softEncode 40x16x16: plain loop ${loopMs.toFixed(1)} ms, tfjs ops on ${backend} ${opsMs.toFixed(1)} ms: loop is ${(opsMs / loopMs).toFixed(1)}x faster`,
    );
  }

  const w = 768;
  const h = 512;
  const bytes = Float32Array.from({ length: w * h * 3 }, () => Math.floor(random() * 256) / 255);
  const tableMs = time(() => srgbToLabArray(bytes), 5);
  const out = new Float32Array(bytes.length);
  const formulaMs = time(() => {
    for (let i = 0; i < bytes.length; i += 3) out.set(srgbToLabPixel(bytes[i], bytes[i + 1], bytes[i + 2]), i);
  }, 5);
  console.log(
    `sRGB->Lab 768x512: table path ${tableMs.toFixed(0)} ms, per-pixel formula ${formulaMs.toFixed(0)} ms: ${(formulaMs / tableMs).toFixed(1)}x`,
  );

  const real = { width: w, height: h, data: bytes };
  const pred = { width: w, height: h, data: bytes.map((v) => Math.min(1, v * 0.9 + 0.05)) };
  const scoreMs = time(() => scoreImage(real, pred), 3);
  console.log(`all five metrics on a 768x512 pair: ${scoreMs.toFixed(0)} ms (${(1000 / scoreMs).toFixed(2)} pairs/s)`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
