import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { seededRandom } from '../../../app/lib/random';
import { selectBackend } from '../../../model/backend/select';
import { interpolationMatrix, resizeBilinear } from '../../../model/nets/resize-bilinear';

beforeAll(async () => {
  await selectBackend('wasm');
});

const random = (shape: [number, number, number, number], seed: number) => {
  const r = seededRandom(seed);
  return tf.tensor(Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => r() - 0.5), shape) as tf.Tensor4D;
};

describe('resizeBilinear', () => {
  it('has the interpolation weights worked out by hand for x2 and x4', () => {
    // x2, half-pixel centres: outputs sit at input coordinates -0.25, 0.25, 0.75, 1.25 -> clamped.
    expect(Array.from(interpolationMatrix(2, 4))).toEqual([1, 0, 0.75, 0.25, 0.25, 0.75, 0, 1]);
    // x4: the first output at -0.375 (clamped to input 0), the second at -0.125, the third at 0.125.
    const A = interpolationMatrix(2, 8);
    expect(Array.from(A.slice(0, 6))).toEqual([1, 0, 1, 0, 0.875, 0.125]);
  });

  it.each([
    [[2, 4, 6, 3], [8, 12]],
    [[1, 8, 8, 5], [32, 32]],
    [[2, 5, 3, 2], [7, 9]],
  ])('equals tf.image.resizeBilinear with half-pixel centres (%j -> %j)', (shape, size) => {
    const x = random(shape as [number, number, number, number], 3);
    const ours = resizeBilinear(x, size as [number, number]).dataSync();
    const theirs = tf.image.resizeBilinear(x, size as [number, number], false, true).dataSync();
    expect(ours.length).toBe(theirs.length);
    let worst = 0;
    for (let i = 0; i < ours.length; i++) worst = Math.max(worst, Math.abs(ours[i] - theirs[i]));
    expect(worst).toBeLessThan(1e-6);
    x.dispose();
  });

  it('has the gradient of finite differences (where tfjs\'s own resize gradient does not)', () => {
    const x = random([1, 4, 4, 2], 5);
    const r = random([1, 8, 8, 2], 6);
    const f = (t: tf.Tensor) => tf.sum(tf.mul(resizeBilinear(t as tf.Tensor4D, [8, 8]), r)) as tf.Scalar;
    const g = tf.grad(f)(x).dataSync();
    const base = x.dataSync().slice();
    const h = 1e-2; // the map is linear: differences are exact up to rounding
    for (const i of [0, 5, 13, 31]) {
      const at = (d: number) => {
        const v = base.slice();
        v[i] += d;
        return tf.tidy(() => f(tf.tensor4d(v, [1, 4, 4, 2])).dataSync()[0]);
      };
      expect((at(h) - at(-h)) / (2 * h)).toBeCloseTo(g[i], 3);
    }
    x.dispose();
    r.dispose();
  });
});
