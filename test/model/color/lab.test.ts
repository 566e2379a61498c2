import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  labToSrgb,
  labToSrgbArray,
  labToSrgbPixel,
  srgbToLab,
  srgbToLabArray,
  srgbToLabPixel,
} from '../../../model/color/lab';
import { seededRandom } from '../../../app/lib/random';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

// Reference Lab values of the sRGB primaries, white and black: Bruce Lindbloom's colour
// calculator (http://www.brucelindbloom.com/ColorCalculator.html, RGB model sRGB, reference
// white D65, sRGB gamma), the values quoted in most colour-science references.
const LINDBLOOM: Array<[string, [number, number, number], [number, number, number]]> = [
  ['white', [1, 1, 1], [100, 0, 0]],
  ['black', [0, 0, 0], [0, 0, 0]],
  ['red', [1, 0, 0], [53.2408, 80.0925, 67.2032]],
  ['green', [0, 1, 0], [87.7347, -86.1827, 83.1793]],
  ['blue', [0, 0, 1], [32.297, 79.1875, -107.8602]],
];

// Second source, a different matrix (skimage's older sRGB matrix, so agreement is to about
// 0.005): computed with `python3 -c "from skimage import color; import numpy as np;
// print(color.rgb2lab(np.array([[[0.2,0.4,0.6],[0.01,0.02,0.03],[0.5,0.5,0.5]]])))"`
// on Debian's python3-skimage 0.19.3.
const SKIMAGE: Array<[[number, number, number], [number, number, number]]> = [
  [
    [0.2, 0.4, 0.6],
    [42.008, -0.154, -32.8429],
  ],
  [
    [0.01, 0.02, 0.03],
    [1.3001, -0.3124, -1.1998],
  ],
  [
    [0.5, 0.5, 0.5],
    [53.389, -0.0015, 0.0028],
  ],
];

function randomRgb(n: number, seed: number): Float32Array {
  const random = seededRandom(seed);
  return Float32Array.from({ length: 3 * n }, random);
}

describe('srgbToLabPixel', () => {
  it.each(LINDBLOOM)('matches Lindbloom for %s', (_name, rgb, lab) => {
    const got = srgbToLabPixel(...rgb);
    for (let i = 0; i < 3; i++) expect(got[i]).toBeCloseTo(lab[i], 3);
  });

  it('matches skimage within the two matrices difference', () => {
    for (const [rgb, lab] of SKIMAGE) {
      const got = srgbToLabPixel(...rgb);
      for (let i = 0; i < 3; i++) expect(Math.abs(got[i] - lab[i])).toBeLessThan(0.01);
    }
  });

  it('maps greys to a = b = 0 and a linear-segment value by hand', () => {
    // 0.02 is on sRGB's linear segment: Y = 0.02 / 12.92 = 0.00154799; Y <= ε, so
    // L = κ Y = 24389/27 * 0.00154799 = 1.39830 (CIE's formula below ε, by hand).
    const [L, a, b] = srgbToLabPixel(0.02, 0.02, 0.02);
    expect(L).toBeCloseTo(1.3983, 4);
    // Lindbloom's rows sum to the white point to 1e-7, so greys are neutral to about 1e-6.
    expect(Math.abs(a)).toBeLessThan(1e-5);
    expect(Math.abs(b)).toBeLessThan(1e-5);
  });

  it('round-trips through labToSrgbPixel', () => {
    const rgb = randomRgb(500, 1);
    for (let i = 0; i < rgb.length; i += 3) {
      const back = labToSrgbPixel(...srgbToLabPixel(rgb[i], rgb[i + 1], rgb[i + 2]));
      for (let c = 0; c < 3; c++) expect(back[c]).toBeCloseTo(rgb[i + c], 9);
    }
  });

  it('returns out-of-range RGB for an out-of-gamut Lab colour (unclipped)', () => {
    // a = 0, b = 127 at L = 50 is far more yellow than sRGB can show: blue goes negative.
    const [, , blue] = labToSrgbPixel(50, 0, 127);
    expect(blue).toBeLessThan(0);
  });
});

describe('array versions', () => {
  it('agree with the per-pixel functions and round-trip', () => {
    const rgb = randomRgb(300, 2);
    const lab = srgbToLabArray(rgb);
    for (let i = 0; i < rgb.length; i += 3) {
      const ref = srgbToLabPixel(rgb[i], rgb[i + 1], rgb[i + 2]);
      for (let c = 0; c < 3; c++) expect(lab[i + c]).toBeCloseTo(ref[c], 3);
    }
    const back = labToSrgbArray(lab);
    for (let i = 0; i < rgb.length; i++) expect(back[i]).toBeCloseTo(rgb[i], 4);
  });

  it('agrees with the per-pixel function on every 8-bit level (the table path)', () => {
    const rgb = Float32Array.from({ length: 256 * 3 }, (_, i) => ((Math.floor(i / 3) * (1 + (i % 3) * 76)) % 256) / 255);
    const lab = srgbToLabArray(rgb);
    for (let i = 0; i < rgb.length; i += 3) {
      const ref = srgbToLabPixel(rgb[i], rgb[i + 1], rgb[i + 2]);
      for (let c = 0; c < 3; c++) expect(Math.abs(lab[i + c] - ref[c])).toBeLessThan(1e-4);
    }
  });

  it('rejects arrays that are not interleaved triples', () => {
    expect(() => srgbToLabArray(new Float32Array(4))).toThrow(/3 values per pixel/);
  });
});

describe('tensor versions', () => {
  it('agree with the scalar versions, keep the shape and leak no tensors', () => {
    const n = 256;
    const rgbData = randomRgb(n, 3);
    const before = tf.memory().numTensors;
    const rgb = tf.tensor4d(rgbData, [2, 8, 16, 3]);
    const lab = srgbToLab(rgb);
    expect(lab.shape).toEqual([2, 8, 16, 3]);
    const labData = lab.dataSync();
    const back = labToSrgb(lab);
    const backData = back.dataSync();
    for (let i = 0; i < rgbData.length; i += 3) {
      const ref = srgbToLabPixel(rgbData[i], rgbData[i + 1], rgbData[i + 2]);
      for (let c = 0; c < 3; c++) {
        expect(Math.abs(labData[i + c] - ref[c])).toBeLessThan(2e-3);
        expect(Math.abs(backData[i + c] - rgbData[i + c])).toBeLessThan(1e-4);
      }
    }
    tf.dispose([rgb, lab, back]);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('reproduces the Lindbloom primaries', () => {
    const rgb = tf.tensor2d(LINDBLOOM.map(([, c]) => c));
    const lab = srgbToLab(rgb).arraySync() as number[][];
    LINDBLOOM.forEach(([, , ref], i) => {
      for (let c = 0; c < 3; c++) expect(lab[i][c]).toBeCloseTo(ref[c], 2);
    });
    rgb.dispose();
  });

  it('rejects a last axis other than 3', () => {
    const x = tf.zeros([4, 2]);
    expect(() => srgbToLab(x)).toThrow(/\[\.\.\., 3\]/);
    expect(() => labToSrgb(x)).toThrow(/\[\.\.\., 3\]/);
    x.dispose();
  });
});

describe('gradients', () => {
  // Central finite differences of the float64 scalar version are the independent reference.
  function numericGrad(f: (v: number[]) => number, v: number[], h = 1e-5): number[] {
    return v.map((_, i) => {
      const up = v.slice();
      const down = v.slice();
      up[i] += h;
      down[i] -= h;
      return (f(up) - f(down)) / (2 * h);
    });
  }
  const sum3 = (t: [number, number, number]) => t[0] + 0.5 * t[1] - 0.25 * t[2];

  it('srgbToLab: finite and equal to a finite difference (both companding branches)', () => {
    // 0.01 and 0.03 lie on the linear segment (< 0.04045), the others on the power curve.
    const points = [
      [0.01, 0.5, 0.9],
      [0.7, 0.03, 0.2],
      [0.3, 0.6, 0.45],
    ];
    const weights = tf.tensor1d([1, 0.5, -0.25]);
    const g = tf.grad((x: tf.Tensor) => srgbToLab(x).mul(weights).sum());
    const x = tf.tensor2d(points);
    const grad = g(x).arraySync() as number[][];
    points.forEach((p, i) => {
      const ref = numericGrad((v) => sum3(srgbToLabPixel(v[0], v[1], v[2])), p);
      for (let c = 0; c < 3; c++) {
        expect(Number.isFinite(grad[i][c])).toBe(true);
        expect(Math.abs(grad[i][c] - ref[c])).toBeLessThan(1e-2 * Math.max(1, Math.abs(ref[c])));
      }
    });
    tf.dispose([weights, x]);
  });

  it('labToSrgb: finite and equal to a finite difference, including dark colours', () => {
    const points = [
      [50, 20, -30],
      [5, 2, 1], // dark: the linear branch of the inverse f and of the companding
      [85, -40, 60],
    ];
    const weights = tf.tensor1d([1, 0.5, -0.25]);
    const g = tf.grad((x: tf.Tensor) => labToSrgb(x).mul(weights).sum());
    const x = tf.tensor2d(points);
    const grad = g(x).arraySync() as number[][];
    points.forEach((p, i) => {
      const ref = numericGrad((v) => sum3(labToSrgbPixel(v[0], v[1], v[2])), p, 1e-4);
      for (let c = 0; c < 3; c++) {
        expect(Number.isFinite(grad[i][c])).toBe(true);
        expect(Math.abs(grad[i][c] - ref[c])).toBeLessThan(1e-2 * Math.max(1e-2, Math.abs(ref[c])));
      }
    });
    tf.dispose([weights, x]);
  });

  it('has no NaN gradient at black and white (the clamped branches)', () => {
    const g = tf.grad((x: tf.Tensor) => srgbToLab(x).sum());
    const x = tf.tensor2d([
      [0, 0, 0],
      [1, 1, 1],
    ]);
    const grad = g(x).dataSync();
    expect(Array.from(grad).every(Number.isFinite)).toBe(true);
    x.dispose();
  });
});
