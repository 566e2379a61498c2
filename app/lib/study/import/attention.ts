/**
 * Attention-check images: an obviously wrong colorization of each photo. Zhang et al.
 * (2016, "Colorful Image Colorization", the AMT real-vs-fake study) checked attention with
 * random colourings, which participants called fake 87% of the time. Here the photo keeps
 * its lightness (CIE L*, so every edge and texture is where it was) and its chroma is
 * replaced by a smooth random colour field: a hue that sweeps about one and a half turns
 * across the image in blotches of a third of its size, at a chroma of 45-80. Skin turns
 * green in one place and violet in the next: fake at a glance, yet still the same
 * photograph, so the trial looks like the others until one looks at colour.
 *
 * Deterministic: the field is drawn from `seed` (the import uses the study seed and the image
 * name), so re-importing a study gives byte-identical attention images.
 */
import { labToSrgbPixel, srgbToLabArray } from '../../../../model/color/lab';
import { seededRandom, type RandomSource } from '../../random';

/** The name of the attention-check Method of every study (':' cannot occur in method names). */
export const ATTENTION_METHOD_NAME = 'attention:random-colors';

/** Control-point cells per side of the random field: blotches about size / CELLS wide. */
const CELLS = 3;
/** Hue range of the control points, in turns: above 1 so neighbouring blotches clash. */
const HUE_TURNS = 1.5;
const CHROMA_MIN = 45;
const CHROMA_MAX = 80;
/** Bisection steps for the gamut boundary: chroma to within 150 / 2^10, about 0.15. */
const GAMUT_STEPS = 10;

/** A smooth random field over [0, 1]^2: value noise on a (CELLS+1)^2 grid, smoothstep-interpolated. */
function smoothField(random: RandomSource, lo: number, hi: number): (u: number, v: number) => number {
  const n = CELLS + 1;
  const grid = Array.from({ length: n * n }, () => lo + (hi - lo) * random());
  const smooth = (t: number) => t * t * (3 - 2 * t);
  return (u, v) => {
    const x = u * CELLS;
    const y = v * CELLS;
    const i = Math.min(Math.floor(x), CELLS - 1);
    const j = Math.min(Math.floor(y), CELLS - 1);
    const fx = smooth(x - i);
    const fy = smooth(y - j);
    const top = grid[j * n + i] * (1 - fx) + grid[j * n + i + 1] * fx;
    const bottom = grid[(j + 1) * n + i] * (1 - fx) + grid[(j + 1) * n + i + 1] * fx;
    return top * (1 - fy) + bottom * fy;
  };
}

function inGamut(rgb: [number, number, number]): boolean {
  const eps = 1e-6;
  return rgb[0] >= -eps && rgb[0] <= 1 + eps && rgb[1] >= -eps && rgb[1] <= 1 + eps && rgb[2] >= -eps && rgb[2] <= 1 + eps;
}

/** Resolution of the gamut table: one row per L* unit, HUE_BINS hues per row. */
const HUE_BINS = 256;
let gamutTable: Float32Array | undefined;

/**
 * The largest chroma inside sRGB for each (L*, hue) on a grid, found by bisection (chroma 0,
 * grey, is always inside). Computed once per process: bisecting every pixel instead costs
 * about five times more per image.
 */
function maxChromaTable(): Float32Array {
  if (gamutTable) return gamutTable;
  const table = new Float32Array(101 * HUE_BINS);
  for (let L = 0; L <= 100; L++) {
    for (let k = 0; k < HUE_BINS; k++) {
      const h = (2 * Math.PI * k) / HUE_BINS;
      const [ca, cb] = [Math.cos(h), Math.sin(h)];
      let lo = 0;
      let hi = 150;
      for (let step = 0; step < GAMUT_STEPS; step++) {
        const mid = (lo + hi) / 2;
        if (inGamut(labToSrgbPixel(L, mid * ca, mid * cb))) lo = mid;
        else hi = mid;
      }
      table[L * HUE_BINS + k] = lo;
    }
  }
  return (gamutTable = table);
}

/** A chroma that fits the gamut at (L, h): the smallest maximum of the four surrounding grid points. */
function maxChroma(table: Float32Array, L: number, h: number): number {
  const l0 = Math.min(Math.max(Math.floor(L), 0), 99);
  const turns = (h / (2 * Math.PI)) * HUE_BINS;
  const k0 = ((Math.floor(turns) % HUE_BINS) + HUE_BINS) % HUE_BINS;
  const k1 = (k0 + 1) % HUE_BINS;
  const row0 = l0 * HUE_BINS;
  const row1 = (l0 + 1) * HUE_BINS;
  return Math.min(table[row0 + k0], table[row0 + k1], table[row1 + k0], table[row1 + k1]);
}

/**
 * The random-colours version of an interleaved 8-bit sRGB image (width x height).
 * Each pixel keeps its L*; its (a*, b*) becomes the random field's colour, with the chroma
 * lowered where that colour would fall outside sRGB at this lightness.
 */
export function randomColors(rgb: Uint8Array, width: number, height: number, seed: number): Uint8Array {
  if (rgb.length !== width * height * 3) throw new Error(`randomColors: expected ${width * height * 3} bytes, got ${rgb.length}`);
  const random = seededRandom(seed);
  const hue = smoothField(random, 0, 2 * Math.PI * HUE_TURNS);
  const chroma = smoothField(random, CHROMA_MIN, CHROMA_MAX);
  const table = maxChromaTable();
  const lab = srgbToLabArray(Float32Array.from(rgb, (v) => v / 255));
  const out = new Uint8Array(rgb.length);
  for (let y = 0; y < height; y++) {
    const v = height > 1 ? y / (height - 1) : 0;
    for (let x = 0; x < width; x++) {
      const u = width > 1 ? x / (width - 1) : 0;
      const o = (y * width + x) * 3;
      const L = lab[o];
      const h = hue(u, v);
      const c = chroma(u, v);
      // Pulled towards grey just enough to stay in gamut, so L* survives rather than being clipped away.
      const fit = Math.min(c, maxChroma(table, L, h));
      const colour = labToSrgbPixel(L, fit * Math.cos(h), fit * Math.sin(h));
      for (let k = 0; k < 3; k++) out[o + k] = Math.round(Math.min(1, Math.max(0, colour[k])) * 255);
    }
  }
  return out;
}
