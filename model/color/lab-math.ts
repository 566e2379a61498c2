/**
 * sRGB <-> CIELab (D65, 2° observer) on plain numbers and interleaved Float32Array images:
 * the tensor-free half of lab.ts (which re-exports all of this), so that metrics, data
 * loading and command-line tools convert colours without loading tfjs.
 *
 * Formulas and constants from Bruce Lindbloom (http://www.brucelindbloom.com/):
 * sRGB companding ("Eqn_RGB_to_XYZ"), the sRGB D65 matrix ("Eqn_RGB_XYZ_Matrix"), the D65
 * reference white (0.95047, 1, 1.08883) and the exact CIE constants ε = 216/24389,
 * κ = 24389/27 ("Eqn_XYZ_to_Lab"). With this matrix each row sums to the white point (to
 * 1e-7), so neutral greys map to |a|, |b| < 1e-5 (skimage's older matrix gives up to 0.005).
 */

/** Zhang's normalisation of the network's input and output: L_in = (L - L_CENT) / L_NORM, ab / AB_NORM. */
export const L_CENT = 50;
export const L_NORM = 100;
export const AB_NORM = 110;

/** D65 reference white (Lindbloom), XYZ with Y = 1. */
export const D65_WHITE: readonly [number, number, number] = [0.95047, 1.0, 1.08883];

/** Linear sRGB -> XYZ (Lindbloom's sRGB, D65), row-major. */
export const RGB_TO_XYZ = [
  [0.4124564, 0.3575761, 0.1804375],
  [0.2126729, 0.7151522, 0.072175],
  [0.0193339, 0.119192, 0.9503041],
];

export const EPSILON = 216 / 24389; // CIE ε = (6/29)^3: below it f(t) is linear
export const KAPPA = 24389 / 27; // CIE κ = (29/3)^3
export const DELTA = 6 / 29; // f(ε) = 6/29: the inverse switches branch there
export const SRGB_LINEAR_IN = 0.04045; // sRGB companding threshold on the encoded value
export const SRGB_LINEAR_OUT = 0.0031308; // the same threshold on the linear value

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
export const RGB_TO_XYZN = RGB_TO_XYZ.map((row, i) => row.map((v) => v / D65_WHITE[i]));
export const XYZN_TO_RGB = invert3(RGB_TO_XYZN);

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

// Images read from files hold k/255 values: their linearisation comes from a table (exact:
// the same formula, evaluated once per level), which makes whole-image conversion ~3x faster.
const LINEAR_OF_BYTE = Float64Array.from({ length: 256 }, (_, k) => srgbToLinear(k / 255));

function srgbToLinearFast(c: number): number {
  const k = Math.round(c * 255);
  return Math.abs(c * 255 - k) < 1e-4 && k >= 0 && k <= 255 ? LINEAR_OF_BYTE[k] : srgbToLinear(c);
}

/** An interleaved RGB image (r, g, b, r, g, b, ...; values in [0, 1]) to interleaved Lab. */
export function srgbToLabArray(rgb: Float32Array, out = new Float32Array(rgb.length)): Float32Array {
  checkInterleaved(rgb, 'srgbToLabArray input');
  const m = RGB_TO_XYZN;
  const [m00, m01, m02] = m[0];
  const [m10, m11, m12] = m[1];
  const [m20, m21, m22] = m[2];
  for (let i = 0; i < rgb.length; i += 3) {
    const lr = srgbToLinearFast(rgb[i]);
    const lg = srgbToLinearFast(rgb[i + 1]);
    const lb = srgbToLinearFast(rgb[i + 2]);
    const fx = labF(m00 * lr + m01 * lg + m02 * lb);
    const fy = labF(m10 * lr + m11 * lg + m12 * lb);
    const fz = labF(m20 * lr + m21 * lg + m22 * lb);
    out[i] = 116 * fy - 16;
    out[i + 1] = 500 * (fx - fy);
    out[i + 2] = 200 * (fy - fz);
  }
  return out;
}

/** Interleaved Lab to interleaved sRGB, unclipped. */
export function labToSrgbArray(lab: Float32Array, out = new Float32Array(lab.length)): Float32Array {
  checkInterleaved(lab, 'labToSrgbArray input');
  const tmp: [number, number, number] = [0, 0, 0];
  for (let i = 0; i < lab.length; i += 3) {
    labToSrgbInto(lab[i], lab[i + 1], lab[i + 2], tmp, 0);
    out[i] = tmp[0];
    out[i + 1] = tmp[1];
    out[i + 2] = tmp[2];
  }
  return out;
}
