import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { binCentersTensor, computeAbBins, convexHull, inSrgbGamut } from '../../../model/color/bins';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

// Zhang et al.'s released bins (richzhang/colorization, resources/pts_in_hull.npy, loaded
// with numpy): for each a, the b values run from lo to hi in steps of 10 with no gaps.
// 313 points in all.
const ZHANG_ROWS: Array<[number, number, number]> = [
  [-90, 50, 90], [-80, 20, 90], [-70, 0, 90], [-60, -20, 90], [-50, -30, 100],
  [-40, -40, 100], [-30, -50, 100], [-20, -50, 100], [-10, -60, 100], [0, -70, 100],
  [10, -80, 90], [20, -80, 90], [30, -90, 90], [40, -100, 90], [50, -100, 80],
  [60, -110, 80], [70, -110, 80], [80, -110, 70], [90, -110, 70], [100, -90, 0],
];

function zhangCenters(): number[] {
  const out: number[] = [];
  for (const [a, lo, hi] of ZHANG_ROWS) for (let b = lo; b <= hi; b += 10) out.push(a, b);
  return out;
}

describe('computeAbBins', () => {
  it('finds Q = 313 bins on a grid of 10, exactly Zhang\'s set in Zhang\'s order', () => {
    const bins = computeAbBins();
    expect(bins.Q).toBe(313);
    expect(bins.grid).toBe(10);
    expect(Array.from(bins.centers)).toEqual(zhangCenters());
  });

  it('keeps the neutral bin and drops hand-checked bins outside the hull', () => {
    const bins = computeAbBins();
    const has = (a: number, b: number) => {
      for (let q = 0; q < bins.Q; q++) if (bins.centers[2 * q] === a && bins.centers[2 * q + 1] === b) return true;
      return false;
    };
    // (0, 0) is grey: in gamut at L = 50.
    expect(inSrgbGamut(50, 0, 0)).toBe(true);
    expect(has(0, 0)).toBe(true);
    // (60, -20) is a pink-magenta that sRGB shows at L = 50 (R 0.775, G 0.267, B 0.605 there).
    expect(inSrgbGamut(50, 60, -20)).toBe(true);
    expect(has(60, -20)).toBe(true);
    // (100, 0) is kept although no L puts its centre in gamut: its cell touches the hull
    // (the point of the test described in bins.ts; Zhang keep it too).
    expect([...Array(101).keys()].some((L) => inSrgbGamut(L, 100, 0))).toBe(false);
    expect(has(100, 0)).toBe(true);
    // Far corners of the ab plane are not bins: no colour is near them.
    for (const [a, b] of [[-60, 100], [110, -60], [80, 80], [-100, -100], [0, -80]]) {
      expect(has(a, b)).toBe(false);
    }
  });

  it('scales with the grid: fewer bins on a coarser grid, more on a finer one', () => {
    const coarse = computeAbBins({ grid: 20 });
    const fine = computeAbBins({ grid: 5 });
    // Doubling the grid spacing quarters the bins inside the hull, plus a ring at its edge.
    expect(coarse.Q).toBeGreaterThan(313 / 4);
    expect(coarse.Q).toBeLessThan(313 / 2);
    expect(fine.Q).toBeGreaterThan(2 * 313);
    for (const v of coarse.centers) expect(Math.abs(v % 20)).toBe(0);
  });

  it('returns copies the caller may change without affecting others', () => {
    const a = computeAbBins();
    a.centers[0] = 999;
    expect(computeAbBins().centers[0]).toBe(-90);
  });

  it('rejects a bad grid', () => {
    expect(() => computeAbBins({ grid: 0 })).toThrow(/positive/);
  });
});

describe('convexHull', () => {
  it('returns the corners of a square with interior and edge points', () => {
    const pts: Array<[number, number]> = [[0, 0], [2, 0], [2, 2], [0, 2], [1, 1], [1, 0], [0.5, 1.5]];
    const hull = convexHull(pts);
    expect(hull).toHaveLength(4);
    expect(new Set(hull.map((p) => p.join(',')))).toEqual(new Set(['0,0', '2,0', '2,2', '0,2']));
  });
});

describe('binCentersTensor', () => {
  it('is [Q, 2] with the centres', () => {
    const bins = computeAbBins();
    const t = binCentersTensor(bins);
    expect(t.shape).toEqual([313, 2]);
    expect(Array.from(t.dataSync())).toEqual(Array.from(bins.centers));
    t.dispose();
  });
});
