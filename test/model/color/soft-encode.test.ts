import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { computeAbBins } from '../../../model/color/bins';
import { nearestBin, softEncode, softEncodeArray, softEncodeTensor } from '../../../model/color/soft-encode';
import { seededRandom } from '../../../app/lib/random';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const bins = computeAbBins();

function binIndex(a: number, b: number): number {
  for (let q = 0; q < bins.Q; q++) if (bins.centers[2 * q] === a && bins.centers[2 * q + 1] === b) return q;
  throw new Error(`no bin at (${a}, ${b})`);
}

/** Brute-force nearest centre in float64: the second method nearestBin is checked against. */
function bruteNearest(a: number, b: number): number {
  let best = -1;
  let bestD = Infinity;
  for (let q = 0; q < bins.Q; q++) {
    const d = (bins.centers[2 * q] - a) ** 2 + (bins.centers[2 * q + 1] - b) ** 2;
    if (d < bestD) {
      bestD = d;
      best = q;
    }
  }
  return best;
}

describe('softEncode', () => {
  it('matches a hand computation for one pixel', () => {
    // ab = (3, 4). Squared distances to the nearest bins, by hand: (0,0) 25, (0,10) 45,
    // (10,0) 65, (10,10) 85, (-10,0) 185 (the next, (0,-10) and (-10,10), are at 205).
    // Weights exp(-d²/50) normalised: 0.406239, 0.272310, 0.182535, 0.122357, 0.016559.
    const expected = new Map([
      [binIndex(0, 0), 0.406239],
      [binIndex(0, 10), 0.27231],
      [binIndex(10, 0), 0.182535],
      [binIndex(10, 10), 0.122357],
      [binIndex(-10, 0), 0.016559],
    ]);
    const ab = tf.tensor4d([3, 4], [1, 1, 1, 2]);
    const enc = softEncode(ab, bins);
    const encTensor = softEncodeTensor(ab, bins, 5, 5);
    expect(enc.shape).toEqual([1, 1, 1, 313]);
    expect(encTensor.shape).toEqual([1, 1, 1, 313]);
    for (const v of [enc.dataSync(), encTensor.dataSync(), softEncodeArray([3, 4], bins)]) {
      for (let q = 0; q < bins.Q; q++) expect(v[q]).toBeCloseTo(expected.get(q) ?? 0, 5);
    }
    tf.dispose([ab, enc, encTensor]);
  });

  it('gives the same result through tensor ops and through the plain loop', () => {
    const random = seededRandom(13);
    const abData = Float32Array.from({ length: 2 * 60 }, () => (random() - 0.5) * 220);
    const ab = tf.tensor3d(abData, [6, 10, 2]);
    const viaTensor = softEncodeTensor(ab, bins, 10, 5);
    expect(viaTensor.shape).toEqual([6, 10, 313]);
    const a = viaTensor.dataSync();
    const b = softEncodeArray(abData, bins, { neighbours: 10 });
    for (let i = 0; i < a.length; i++) expect(Math.abs(a[i] - b[i])).toBeLessThan(1e-4);
    tf.dispose([ab, viaTensor]);
  });

  it('gives rows that sum to 1 with exactly k non-zero bins, the nearest ones', () => {
    const random = seededRandom(11);
    const n = 2 * 4 * 5;
    const abData = Float32Array.from({ length: 2 * n }, () => (random() - 0.5) * 200);
    const ab = tf.tensor4d(abData, [2, 4, 5, 2]);
    const before = tf.memory().numTensors;
    for (const k of [1, 5, 10]) {
      const enc = softEncode(ab, bins, { neighbours: k, sigma: 5 });
      const v = enc.dataSync() as Float32Array;
      enc.dispose();
      for (let p = 0; p < n; p++) {
        const row = v.subarray(p * bins.Q, (p + 1) * bins.Q);
        const sum = row.reduce((s, x) => s + x, 0);
        expect(sum).toBeCloseTo(1, 5);
        // Gaussian weights of far-out pixels may underflow for the k-th bin, never for the nearest.
        expect(row.filter((x) => x > 0).length).toBeLessThanOrEqual(k);
        const top = row.indexOf(Math.max(...row));
        expect(top).toBe(bruteNearest(abData[2 * p], abData[2 * p + 1]));
      }
    }
    expect(tf.memory().numTensors).toBe(before);
    ab.dispose();
  });

  it('still gives a distribution for a pixel far outside the gamut (no underflow to 0/0)', () => {
    const ab = tf.tensor2d([[400, -400]]);
    const v = softEncode(ab, bins).dataSync() as Float32Array;
    expect(v.reduce((s, x) => s + x, 0)).toBeCloseTo(1, 5);
    expect(Array.from(v).every(Number.isFinite)).toBe(true);
    ab.dispose();
  });

  it('rejects bad arguments', () => {
    const ab = tf.zeros([1, 2, 2, 3]);
    expect(() => softEncode(ab, bins)).toThrow(/\[\.\.\., 2\]/);
    const ab2 = tf.zeros([1, 2, 2, 2]);
    expect(() => softEncode(ab2, bins, { neighbours: 0 })).toThrow(/neighbours/);
    expect(() => softEncode(ab2, bins, { sigma: -1 })).toThrow(/sigma/);
    tf.dispose([ab, ab2]);
  });
});

describe('nearestBin', () => {
  it('agrees with a brute-force float64 search and has int32 [N, H, W]', () => {
    const random = seededRandom(12);
    const abData = Float32Array.from({ length: 2 * 3 * 7 * 2 }, () => (random() - 0.5) * 240);
    const ab = tf.tensor4d(abData, [2, 3, 7, 2]);
    const idx = nearestBin(ab, bins);
    expect(idx.shape).toEqual([2, 3, 7]);
    expect(idx.dtype).toBe('int32');
    const v = idx.dataSync();
    for (let p = 0; p < v.length; p++) {
      const ref = bruteNearest(abData[2 * p], abData[2 * p + 1]);
      if (v[p] !== ref) {
        // Only a near-tie may differ (float32 distances): both must be equally near.
        const d = (q: number) => Math.hypot(bins.centers[2 * q] - abData[2 * p], bins.centers[2 * q + 1] - abData[2 * p + 1]);
        expect(Math.abs(d(v[p]) - d(ref))).toBeLessThan(1e-3);
      }
    }
    tf.dispose([ab, idx]);
  });
});
