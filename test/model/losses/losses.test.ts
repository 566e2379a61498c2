// Loss functions on small hand-made arrays; every expected value is worked out in the comment beside it.
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { rebalancedCrossEntropy } from '../../../model/losses/classification';
import { abDifferences, coherenceLoss } from '../../../model/losses/coherence';
import { abL2 } from '../../../model/losses/regression';
import { colourRegulariser } from '../../../model/losses/regulariser';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const value = (f: () => tf.Scalar) => tf.tidy(() => f().dataSync()[0]);

describe('rebalancedCrossEntropy (Zhang Eq. 2)', () => {
  it('matches a hand computation on two pixels', () => {
    // Pixel 1: logits (0, 0, ln 2) -> softmax (1/4, 1/4, 1/2); target (1/2, 0, 1/2); weight 2:
    //   -2 (½ ln ¼ + ½ ln ½) = -(ln ¼ + ln ½) = ln 8.
    // Pixel 2: logits (0, 0, 0) -> 1/3 each; target (0, 1, 0); weight 1: -ln ⅓ = ln 3.
    // Mean over the two pixels: (ln 8 + ln 3) / 2 = ln(24) / 2.
    const logits = tf.tensor4d([0, 0, Math.LN2, 0, 0, 0], [1, 1, 2, 3]);
    const target = tf.tensor4d([0.5, 0, 0.5, 0, 1, 0], [1, 1, 2, 3]);
    const weights = tf.tensor3d([2, 1], [1, 1, 2]);
    expect(value(() => rebalancedCrossEntropy(logits, target, weights))).toBeCloseTo(Math.log(24) / 2, 5);
    tf.dispose([logits, target, weights]);
  });
});

describe('abL2 (Zhang Eq. 1)', () => {
  it('is half the mean squared ab distance', () => {
    // Errors (3, 4) and (0, 0): squared norms 25 and 0; ½ · mean = ½ · 12.5 = 6.25.
    const pred = tf.tensor4d([3, 4, 1, 1], [1, 1, 2, 2]);
    const target = tf.tensor4d([0, 0, 1, 1], [1, 1, 2, 2]);
    expect(value(() => abL2(pred, target))).toBeCloseTo(6.25, 5);
    tf.dispose([pred, target]);
  });
});

describe('coherenceLoss (seed Eq. 3)', () => {
  it('takes forward differences in both directions and both channels', () => {
    // a = [[1, 4], [6, 0]], b = [[0, 1], [2, 0]] at pixel (0,0): (Δx a, Δx b, Δy a, Δy b) = (3, 1, 5, 2).
    const ab = tf.tensor4d([1, 0, 4, 1, 6, 2, 0, 0], [1, 2, 2, 2]);
    expect(Array.from(tf.tidy(() => abDifferences(ab).dataSync()))).toEqual([3, 1, 5, 2]);
    ab.dispose();
  });

  it('is the mean over pixels of ||ΔY − ΔŶ||₂, optionally weighted', () => {
    // 2x3 image (H = 2, W = 3) -> pixels (0,0) and (0,1) have both neighbours.
    // Truth: all zero. Prediction a = [[0, 3, 3], [4, 3, 3]], b = 0:
    //   (0,0): Δx a = 3, Δy a = 4 -> norm 5;   (0,1): Δx a = 0, Δy a = 0 -> norm 0.
    // Mean: 2.5. Weights (2, 1): (2·5 + 1·0) / 2 = 5.
    const a = [0, 3, 3, 4, 3, 3];
    const pred = tf.tensor4d(a.flatMap((v) => [v, 0]), [1, 2, 3, 2]);
    const truth = tf.zeros([1, 2, 3, 2]) as tf.Tensor4D;
    const w = tf.tensor3d([2, 1], [1, 1, 2]);
    // The ε under the root adds at most sqrt(1e-8) = 1e-4 per pixel.
    expect(value(() => coherenceLoss(pred, truth))).toBeCloseTo(2.5, 3);
    expect(value(() => coherenceLoss(pred, truth, w))).toBeCloseTo(5, 3);
    // A constant shift of the prediction changes nothing (the loss does not prescribe colours).
    expect(value(() => coherenceLoss(tf.add(pred, 7) as tf.Tensor4D, truth))).toBeCloseTo(2.5, 3);
    tf.dispose([pred, truth, w]);
  });

  it('has a finite gradient where prediction and truth agree exactly', () => {
    const x = tf.zeros([1, 3, 3, 2]) as tf.Tensor4D;
    const g = tf.grad((p: tf.Tensor) => coherenceLoss(p as tf.Tensor4D, x))(x);
    expect(Array.from(g.dataSync()).every(Number.isFinite)).toBe(true);
    tf.dispose([x, g]);
  });
});

describe('colourRegulariser (seed Eq. 5)', () => {
  const z = () => tf.tensor4d([0.2, 0.5, 0.3], [1, 1, 1, 3]); // max Z = 0.5

  it('is 1 − Z·f_T(Ẑ) / max Z with f_T exact at T = 1', () => {
    // Ẑ logits (0, ln 2, 0) -> f_1 = softmax = (¼, ½, ¼); Z·f = 0.05 + 0.25 + 0.075 = 0.375;
    // L_R = 1 − 0.375 / 0.5 = 0.25.
    expect(value(() => colourRegulariser(z(), tf.tensor4d([0, Math.LN2, 0], [1, 1, 1, 3]), 1))).toBeCloseTo(0.25, 5);
  });

  it('approaches Eq. 4 (the argmax lookup) at T = 0.01', () => {
    // Ẑ's mode at bin 1 (Z = 0.5 = max Z): L_R -> 1 − 0.5/0.5 = 0. Mode at bin 0: 1 − 0.2/0.5 = 0.6.
    // Logit gaps of 0.5 become 50 after 1/T: the other bins weigh e^-50.
    expect(value(() => colourRegulariser(z(), tf.tensor4d([0, 0.5, 0], [1, 1, 1, 3]), 0.01))).toBeCloseTo(0, 5);
    expect(value(() => colourRegulariser(z(), tf.tensor4d([0.5, 0, 0], [1, 1, 1, 3]), 0.01))).toBeCloseTo(0.6, 5);
    // Pixel weights scale each pixel's term: weight 0.5 -> 0.3.
    expect(value(() => colourRegulariser(z(), tf.tensor4d([0.5, 0, 0], [1, 1, 1, 3]), 0.01, tf.tensor3d([0.5], [1, 1, 1])))).toBeCloseTo(0.3, 5);
  });

  it('stays finite for extreme logits at T = 0.01, value and gradient', () => {
    const logits = tf.tensor4d([-80, 0, 80, 90, -90, 0], [1, 1, 2, 3]);
    const zz = tf.tensor4d([1e-30, 1 - 2e-30, 1e-30, 0.2, 0.5, 0.3], [1, 1, 2, 3]);
    expect(Number.isFinite(value(() => colourRegulariser(zz, logits, 0.01)))).toBe(true);
    const g = tf.grad((l: tf.Tensor) => colourRegulariser(zz, l as tf.Tensor4D, 0.01))(logits);
    expect(Array.from(g.dataSync()).every(Number.isFinite)).toBe(true);
    tf.dispose([logits, zz, g]);
  });
});
