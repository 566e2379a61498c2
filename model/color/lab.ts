/**
 * sRGB <-> CIELab (D65, 2° observer), on tfjs tensors (differentiable) and on plain numbers.
 *
 * The colour space every network in model/ works in: Zhang et al. 2016 ("Colorful Image
 * Colorization", ECCV) predict ab from L, and the seed's coherence loss compares ab gradients.
 *
 * Formulas and constants (Lindbloom's) are in lab-math.ts, which also holds the plain-number
 * and Float32Array versions; they are re-exported here so that one import serves all.
 *
 * Tensor versions take [..., 3] and return [..., 3]; they keep every intermediate inside
 * tf.tidy and are differentiable. Branches are blended with a 0/1 mask from tf.step rather
 * than tf.where: tfjs has no gradient for the comparison op that would feed tf.where's
 * condition, while tf.step's gradient is defined (zero). The pow branches are fed clamped
 * inputs so that the branch a pixel does not use never produces NaN or Inf.
 */
import * as tf from '@tensorflow/tfjs';
import {
  DELTA,
  EPSILON,
  KAPPA,
  RGB_TO_XYZN,
  SRGB_LINEAR_IN,
  SRGB_LINEAR_OUT,
  XYZN_TO_RGB,
} from './lab-math';

export {
  AB_NORM,
  D65_WHITE,
  L_CENT,
  L_NORM,
  labToSrgbArray,
  labToSrgbPixel,
  srgbToLabArray,
  srgbToLabPixel,
} from './lab-math';

/** mask ? whenAbove : whenBelow, where mask = 1 exactly where x > threshold (differentiable blend). */
function branch(x: tf.Tensor, threshold: number, whenAbove: tf.Tensor, whenBelow: tf.Tensor): tf.Tensor {
  const above = tf.step(x.sub(threshold));
  return above.mul(whenAbove).add(tf.onesLike(above).sub(above).mul(whenBelow));
}

function checkLastDim3(x: tf.Tensor, what: string): void {
  if (x.rank < 1 || x.shape[x.rank - 1] !== 3) {
    throw new Error(`${what} expects a tensor [..., 3]; got shape [${x.shape.join(', ')}]`);
  }
}

/** x [..., 3] times a 3x3 matrix applied to the last axis (y_i = Σ_j m_ij x_j). */
function mulLast(x: tf.Tensor, m: number[][]): tf.Tensor {
  const flat = x.reshape([-1, 3]);
  const mt = tf.tensor2d(m).transpose();
  return flat.matMul(mt).reshape(x.shape);
}

/** (d) sRGB [..., 3] in [0, 1] -> Lab [..., 3] (L in 0..100, a and b roughly -110..110). */
export function srgbToLab(rgb: tf.Tensor): tf.Tensor {
  checkLastDim3(rgb, 'srgbToLab');
  return tf.tidy(() => {
    const c = rgb.toFloat();
    // sRGB companding undone: linear segment near black, power 2.4 above.
    const power = tf.pow(c.maximum(SRGB_LINEAR_IN).add(0.055).div(1.055), 2.4);
    const linear = branch(c, SRGB_LINEAR_IN, power, c.div(12.92));
    const t = mulLast(linear, RGB_TO_XYZN); // X/Xn, Y/Yn, Z/Zn
    // CIE f(t): cube root above ε, linear below.
    const f = branch(t, EPSILON, tf.pow(t.maximum(EPSILON), 1 / 3), t.mul(KAPPA).add(16).div(116));
    // L = 116 fy - 16, a = 500 (fx - fy), b = 200 (fy - fz)
    const toLab = [
      [0, 116, 0],
      [500, -500, 0],
      [0, 200, -200],
    ];
    return mulLast(f, toLab).sub(tf.tensor1d([16, 0, 0]));
  });
}

/** (d) Lab [..., 3] -> sRGB [..., 3], unclipped: callers clip to [0, 1] where they need pixels. */
export function labToSrgb(lab: tf.Tensor): tf.Tensor {
  checkLastDim3(lab, 'labToSrgb');
  return tf.tidy(() => {
    // fx = fy + a/500, fy = (L + 16)/116, fz = fy - b/200
    const toF = [
      [1 / 116, 1 / 500, 0],
      [1 / 116, 0, 0],
      [1 / 116, 0, -1 / 200],
    ];
    const f = mulLast(lab.toFloat().add(tf.tensor1d([16, 0, 0])), toF);
    // Inverse of CIE f: cube above 6/29, linear below.
    const t = branch(f, DELTA, tf.pow(f, 3), f.mul(116).sub(16).div(KAPPA));
    const linear = mulLast(t, XYZN_TO_RGB);
    // sRGB companding: linear segment near black, power 1/2.4 above.
    const power = tf.pow(linear.maximum(SRGB_LINEAR_OUT), 1 / 2.4).mul(1.055).sub(0.055);
    return branch(linear, SRGB_LINEAR_OUT, power, linear.mul(12.92));
  });
}
