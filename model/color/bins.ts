/**
 * The quantised ab output space: Zhang et al. 2016, Sec. 2.1 and Fig. 3(a): "we quantize the
 * ab output space into bins with grid size 10 and keep the Q = 313 values which are in-gamut".
 *
 * Which gamut test gives 313. Read literally ("some L in 0..100 puts the bin inside sRGB")
 * the test keeps far fewer bins: 229 when the bin centre itself must be in gamut for some L,
 * 261 when any point of the bin's 10 x 10 cell must be. Zhang's released set
 * (resources/pts_in_hull.npy, "points in hull") is reproduced exactly, all 313 points, by:
 *
 *   1. G = the ab projection of the sRGB gamut over all L (every (a, b) that some in-gamut
 *      colour has), and H its convex hull;
 *   2. keep the grid point (a, b) when the square [a - g, a + g] x [b - g, b + g] meets H,
 *      i.e. when (a, b) is a corner of some g x g grid cell that touches the hull.
 *
 * So a kept bin is one a pixel's soft-encoding can need: every in-gamut ab value lies in a
 * cell whose four corners are all bins. The margins are comfortable: the nearest grid points
 * are at L∞ distance 9.66 (kept) and 10.12 (dropped) from H, so the result does not depend
 * on the sampling below. The hull's vertices lie on the RGB cube's edges, so sampling the
 * cube's six faces finely gives H to well within those margins.
 */
import * as tf from '@tensorflow/tfjs';
import { labToSrgbPixel, srgbToLabPixel } from './lab';

export interface AbBins {
  /** Number of bins (313 for grid 10). */
  Q: number;
  /** Q * 2 values: the (a, b) centre of bin q at [2q], [2q + 1]; sorted by a, then b (Zhang's order). */
  centers: Float32Array;
  /** Grid spacing in ab units. */
  grid: number;
}

/** Samples per edge of each RGB cube face when tracing the gamut's ab projection. */
const FACE_SAMPLES = 65;

type Point = [number, number];

/** ab of the six faces of the sRGB cube (the gamut solid's boundary; its projection is G's). */
function gamutBoundaryAb(): Point[] {
  const points: Point[] = [];
  const n = FACE_SAMPLES;
  for (let axis = 0; axis < 3; axis++) {
    for (const fixed of [0, 1]) {
      for (let i = 0; i < n; i++) {
        for (let j = 0; j < n; j++) {
          const rgb = [0, 0, 0];
          rgb[axis] = fixed;
          rgb[(axis + 1) % 3] = i / (n - 1);
          rgb[(axis + 2) % 3] = j / (n - 1);
          const [, a, b] = srgbToLabPixel(rgb[0], rgb[1], rgb[2]);
          points.push([a, b]);
        }
      }
    }
  }
  return points;
}

function cross(o: Point, p: Point, q: Point): number {
  return (p[0] - o[0]) * (q[1] - o[1]) - (p[1] - o[1]) * (q[0] - o[0]);
}

/** Convex hull, counter-clockwise (Andrew's monotone chain). */
export function convexHull(input: Point[]): Point[] {
  const pts = input.slice().sort((p, q) => p[0] - q[0] || p[1] - q[1]);
  if (pts.length < 3) return pts;
  const lower: Point[] = [];
  for (const p of pts) {
    while (lower.length >= 2 && cross(lower[lower.length - 2], lower[lower.length - 1], p) <= 0) lower.pop();
    lower.push(p);
  }
  const upper: Point[] = [];
  for (let i = pts.length - 1; i >= 0; i--) {
    const p = pts[i];
    while (upper.length >= 2 && cross(upper[upper.length - 2], upper[upper.length - 1], p) <= 0) upper.pop();
    upper.push(p);
  }
  return lower.slice(0, -1).concat(upper.slice(0, -1));
}

/**
 * Whether the axis-aligned square centred at c with half-side h meets a convex polygon
 * (separating axis theorem: two convex sets are disjoint iff some edge normal of one of them
 * separates their projections; the square contributes the two coordinate axes).
 */
function squareMeetsConvexPolygon(c: Point, h: number, poly: Point[]): boolean {
  let minA = Infinity;
  let maxA = -Infinity;
  let minB = Infinity;
  let maxB = -Infinity;
  for (const [a, b] of poly) {
    minA = Math.min(minA, a);
    maxA = Math.max(maxA, a);
    minB = Math.min(minB, b);
    maxB = Math.max(maxB, b);
  }
  if (maxA < c[0] - h || minA > c[0] + h || maxB < c[1] - h || minB > c[1] + h) return false;
  for (let i = 0; i < poly.length; i++) {
    const p = poly[i];
    const q = poly[(i + 1) % poly.length];
    // Outward normal of a counter-clockwise edge; the polygon lies where n·(x - p) <= 0.
    const nx = q[1] - p[1];
    const ny = p[0] - q[0];
    // The square's point furthest against the normal: if even it is outside, they are apart.
    const nearest = nx * (c[0] - p[0]) + ny * (c[1] - p[1]) - h * (Math.abs(nx) + Math.abs(ny));
    if (nearest > 0) return false;
  }
  return true;
}

/** Whether (L, a, b) is a colour sRGB can show (every channel in [0, 1], up to `tolerance`). */
export function inSrgbGamut(L: number, a: number, b: number, tolerance = 1e-9): boolean {
  return labToSrgbPixel(L, a, b).every((c) => c >= -tolerance && c <= 1 + tolerance);
}

const cache = new Map<number, { centers: Float32Array; Q: number }>();

/**
 * Zhang's in-gamut ab bins on a grid of `grid` ab units (see the header for the exact test).
 * @example computeAbBins().Q // 313
 */
export function computeAbBins({ grid = 10 }: { grid?: number } = {}): AbBins {
  if (!(grid > 0) || !Number.isFinite(grid)) throw new Error(`bin grid must be a positive number, got ${grid}`);
  let entry = cache.get(grid);
  if (!entry) {
    const hull = convexHull(gamutBoundaryAb());
    const kept: number[] = [];
    const lo = Math.floor(-130 / grid) - 1;
    const hi = Math.ceil(130 / grid) + 1;
    for (let i = lo; i <= hi; i++) {
      for (let j = lo; j <= hi; j++) {
        const a = i * grid;
        const b = j * grid;
        if (squareMeetsConvexPolygon([a, b], grid, hull)) kept.push(a, b);
      }
    }
    entry = { centers: Float32Array.from(kept), Q: kept.length / 2 };
    cache.set(grid, entry);
  }
  // A copy, so a caller that edits its centres cannot change anyone else's bins.
  return { Q: entry.Q, centers: entry.centers.slice(), grid };
}

/** The bin centres as a [Q, 2] tensor (the seed's "313 x 2 matrix"). */
export function binCentersTensor(bins: AbBins): tf.Tensor2D {
  return tf.tensor2d(bins.centers, [bins.Q, 2]);
}
