/**
 * sRGB <-> CIELab (D65, 2° observer), on tfjs tensors (differentiable) and on plain numbers.
 *
 * The colour space every network in model/ works in: Zhang et al. 2016 ("Colorful Image
 * Colorization", ECCV) predict ab from L, and the seed's coherence loss compares ab gradients.
 *
 * Formulas and constants from Bruce Lindbloom (http://www.brucelindbloom.com/):
 * sRGB companding ("Eqn_RGB_to_XYZ"), the sRGB D65 matrix ("Eqn_RGB_XYZ_Matrix"), the D65
 * reference white (0.95047, 1, 1.08883) and the exact CIE constants ε = 216/24389,
 * κ = 24389/27 ("Eqn_XYZ_to_Lab"). With this matrix each row sums to the white point (to
 * 1e-7), so neutral greys map to |a|, |b| < 1e-5 (skimage's older matrix gives up to 0.005).
 *
 * Tensor versions take [..., 3] and return [..., 3]; they keep every intermediate inside
 * tf.tidy and are differentiable. Branches are blended with a 0/1 mask from tf.step rather
 * than tf.where: tfjs has no gradient for the comparison op that would feed tf.where's
 * condition, while tf.step's gradient is defined (zero). The pow branches are fed clamped
 * inputs so that the branch a pixel does not use never produces NaN or Inf.
 */
import * as tf from '@tensorflow/tfjs';

/** Zhang's normalisation of the network's input and output: L_in = (L - L_CENT) / L_NORM, ab / AB_NORM. */
export const L_CENT = 50;
export const L_NORM = 100;
export const AB_NORM = 110;

/** D65 reference white (Lindbloom), XYZ with Y = 1. */
export const D65_WHITE: readonly [number, number, number] = [0.95047, 1.0, 1.08883];

/** Linear sRGB -> XYZ (Lindbloom's sRGB, D65), row-major. */
const RGB_TO_XYZ = [
  [0.4124564, 0.3575761, 0.1804375],
  [0.2126729, 0.7151522, 0.072175],
  [0.0193339, 0.119192, 0.9503041],
];

const EPSILON = 216 / 24389; // CIE ε = (6/29)^3: below it f(t) is linear
const KAPPA = 24389 / 27; // CIE κ = (29/3)^3
const DELTA = 6 / 29; // f(ε) = 6/29: the inverse switches branch there
const SRGB_LINEAR_IN = 0.04045; // sRGB companding threshold on the encoded value
const SRGB_LINEAR_OUT = 0.0031308; // the same threshold on the linear value

function invert3(m: number[][]): number[][] {
  const [[a, b, c], [d, e, f], [g, h, i]] = m;
  const det = a * (e * i - f * h) - b * (d * i - f * g) + c * (d * h - e * g);
  return [
    [(e * i - f * h) / det, (c * h - b * i) / det, (b * f - c * e) / det],
    [(f * g - d * i) / det, (a * i - c * g) / det, (c * d - a * f) / det],
    [(d * h - e * g) / det, (b * g - a * h) / det, (a * e - b * d) / det],
  ];
}

// White-normalised XYZ (X/Xn, Y/Yn, Z/Zn) straight from linear RGB, and back: one 3x3 each.
const RGB_TO_XYZN = RGB_TO_XYZ.map((row, i) => row.map((v) => v / D65_WHITE[i]));
const XYZN_TO_RGB = invert3(RGB_TO_XYZN);

function srgbToLinear(c: number): number {
  return c <= SRGB_LINEAR_IN ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4);
}

function linearToSrgb(c: number): number {
  return c <= SRGB_LINEAR_OUT ? 12.92 * c : 1.055 * Math.pow(c, 1 / 2.4) - 0.055;
}

function labF(t: number): number {
  return t > EPSILON ? Math.cbrt(t) : (KAPPA * t + 16) / 116;
}

function labFInverse(f: number): number {
  return f > DELTA ? f * f * f : (116 * f - 16) / KAPPA;
}

/**
 * One sRGB colour (components in [0, 1]) to Lab (L in 0..100).
 * @example srgbToLabPixel(1, 0, 0) // [53.2408, 80.0925, 67.2032] (Lindbloom's calculator)
 */
export function srgbToLabPixel(r: number, g: number, b: number): [number, number, number] {
  const out: [number, number, number] = [0, 0, 0];
  srgbToLabInto(r, g, b, out, 0);
  return out;
}

/** One Lab colour to sRGB, unclipped (out-of-gamut colours give components outside [0, 1]). */
export function labToSrgbPixel(L: number, a: number, b: number): [number, number, number] {
  const out: [number, number, number] = [0, 0, 0];
  labToSrgbInto(L, a, b, out, 0);
  return out;
}

function srgbToLabInto(r: number, g: number, b: number, out: { [i: number]: number }, o: number): void {
  const lr = srgbToLinear(r);
  const lg = srgbToLinear(g);
  const lb = srgbToLinear(b);
  const m = RGB_TO_XYZN;
  const fx = labF(m[0][0] * lr + m[0][1] * lg + m[0][2] * lb);
  const fy = labF(m[1][0] * lr + m[1][1] * lg + m[1][2] * lb);
  const fz = labF(m[2][0] * lr + m[2][1] * lg + m[2][2] * lb);
  out[o] = 116 * fy - 16;
  out[o + 1] = 500 * (fx - fy);
  out[o + 2] = 200 * (fy - fz);
}

function labToSrgbInto(L: number, a: number, b: number, out: { [i: number]: number }, o: number): void {
  const fy = (L + 16) / 116;
  const x = labFInverse(fy + a / 500);
  const y = labFInverse(fy);
  const z = labFInverse(fy - b / 200);
  const m = XYZN_TO_RGB;
  out[o] = linearToSrgb(m[0][0] * x + m[0][1] * y + m[0][2] * z);
  out[o + 1] = linearToSrgb(m[1][0] * x + m[1][1] * y + m[1][2] * z);
  out[o + 2] = linearToSrgb(m[2][0] * x + m[2][1] * y + m[2][2] * z);
}

function checkInterleaved(data: Float32Array, what: string): void {
  if (data.length % 3 !== 0) throw new Error(`${what} must hold 3 values per pixel; got length ${data.length}`);
}

/** An interleaved RGB image (r, g, b, r, g, b, ...; values in [0, 1]) to interleaved Lab. */
export function srgbToLabArray(rgb: Float32Array, out = new Float32Array(rgb.length)): Float32Array {
  checkInterleaved(rgb, 'srgbToLabArray input');
  for (let i = 0; i < rgb.length; i += 3) srgbToLabInto(rgb[i], rgb[i + 1], rgb[i + 2], out, i);
  return out;
}

/** Interleaved Lab to interleaved sRGB, unclipped. */
export function labToSrgbArray(lab: Float32Array, out = new Float32Array(lab.length)): Float32Array {
  checkInterleaved(lab, 'labToSrgbArray input');
  for (let i = 0; i < lab.length; i += 3) labToSrgbInto(lab[i], lab[i + 1], lab[i + 2], out, i);
  return out;
}

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
