// The colour ops the networks train through, on every backend this machine has: cpu is the
// reference; wasm always runs; webgpu runs on the CPU Vulkan driver (lavapipe) when
// VK_DRIVER_FILES points at it, and always in CI (.ci/run installs it).
import * as tf from '@tensorflow/tfjs';
import { afterAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../../../model/backend/select';
import { computeAbBins } from '../../../model/color/bins';
import { annealedMean, temperedFromProbs } from '../../../model/color/decode';
import { labToSrgb, srgbToLab } from '../../../model/color/lab';
import { softEncodeArray, softEncodeTensor } from '../../../model/color/soft-encode';

const bins = computeAbBins();
const rgbData = Float32Array.from({ length: 2 * 6 * 6 * 3 }, (_, i) => ((i * 37) % 101) / 100);

interface Outputs {
  lab: Float32Array;
  back: Float32Array;
  grad: Float32Array;
  encoded: Float32Array;
  decoded: Float32Array;
  sharp: Float32Array;
}

/** Runs every op on the current backend; reads back asynchronously (WebGPU in Node cannot read synchronously). */
async function runOps(): Promise<Outputs> {
  const rgb = tf.tensor4d(rgbData, [2, 6, 6, 3]);
  const lab = srgbToLab(rgb);
  const back = labToSrgb(lab);
  const grad = tf.grad((x: tf.Tensor) => labToSrgb(srgbToLab(x)).mul(tf.tensor1d([1, -2, 0.5])).sum())(rgb);
  const ab = tf.tidy(() => lab.slice([0, 0, 0, 1], [-1, -1, -1, 2]));
  const encoded = softEncodeTensor(ab, bins, 5, 5);
  const decoded = annealedMean(encoded, bins, 0.38);
  const probs = tf.tensor2d([[1e-8, 2e-8, 0, 0.5e-8]]);
  const sharp = temperedFromProbs(probs, 0.01);
  const out = {
    lab: (await lab.data()) as Float32Array,
    back: (await back.data()) as Float32Array,
    grad: (await grad.data()) as Float32Array,
    encoded: (await encoded.data()) as Float32Array,
    decoded: (await decoded.data()) as Float32Array,
    sharp: (await sharp.data()) as Float32Array,
  };
  tf.dispose([rgb, lab, back, grad, ab, encoded, decoded, probs, sharp]);
  return out;
}

function maxDiff(a: Float32Array, b: Float32Array): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

let reference: Outputs;

async function on(name: string): Promise<Outputs> {
  await selectBackend(name);
  const before = tf.memory().numTensors;
  const out = await runOps();
  expect(tf.memory().numTensors).toBe(before);
  return out;
}

function expectAgree(out: Outputs): void {
  expect(maxDiff(out.lab, reference.lab)).toBeLessThan(5e-3); // L, a, b up to ~100: float32 and pow differ
  expect(maxDiff(out.back, reference.back)).toBeLessThan(1e-4);
  expect(maxDiff(out.grad, reference.grad)).toBeLessThan(1e-3);
  expect(maxDiff(out.encoded, reference.encoded)).toBeLessThan(1e-4);
  expect(maxDiff(out.decoded, reference.decoded)).toBeLessThan(1e-2);
  expect(maxDiff(out.sharp, reference.sharp)).toBeLessThan(1e-6);
}

afterAll(async () => {
  await tf.setBackend('cpu');
});

describe('colour ops across backends', () => {
  it('cpu: the reference, and the tensor soft-encoding equals the plain loop', async () => {
    reference = await on('cpu');
    const ab = Float32Array.from({ length: reference.lab.length / 3 * 2 }, (_, i) => reference.lab[3 * Math.floor(i / 2) + 1 + (i % 2)]);
    expect(maxDiff(reference.encoded, softEncodeArray(ab, bins))).toBeLessThan(1e-4);
    expect(reference.sharp[1]).toBeCloseTo(1, 6);
  });

  it('wasm agrees with cpu', async () => {
    expectAgree(await on('wasm'));
  });

  const webgpu = !!process.env.VK_DRIVER_FILES || !!process.env.CI;
  it.skipIf(!webgpu)(`webgpu agrees with cpu${webgpu ? '' : ' (skipped: set VK_DRIVER_FILES to a Vulkan driver, e.g. lavapipe)'}`, async () => {
    expectAgree(await on('webgpu'));
  }, 300_000);
});
