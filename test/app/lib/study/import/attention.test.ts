import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { srgbToLabPixel } from '../../../../../model/color/lab';
import { randomColors } from '../../../../../app/lib/study/import/attention';
import { encodeSquare } from '../../../../../app/lib/study/import/encode';
import { syntheticPhoto } from '../../../../helpers/study-fixture';

const SIZE = 64;

function labOf(rgb: Uint8Array): Float64Array {
  const out = new Float64Array(rgb.length);
  for (let i = 0; i < rgb.length; i += 3) out.set(srgbToLabPixel(rgb[i] / 255, rgb[i + 1] / 255, rgb[i + 2] / 255), i);
  return out;
}

/** Mean |ΔL*|, max |ΔL*|, mean ab distance, and mean chroma of `b`. */
function compare(a: Uint8Array, b: Uint8Array) {
  const la = labOf(a);
  const lb = labOf(b);
  let dl = 0;
  let maxDl = 0;
  let dab = 0;
  let chroma = 0;
  const n = a.length / 3;
  for (let i = 0; i < a.length; i += 3) {
    const d = Math.abs(la[i] - lb[i]);
    dl += d;
    maxDl = Math.max(maxDl, d);
    dab += Math.hypot(la[i + 1] - lb[i + 1], la[i + 2] - lb[i + 2]);
    chroma += Math.hypot(lb[i + 1], lb[i + 2]);
  }
  return { meanDl: dl / n, maxDl, meanDab: dab / n, meanChroma: chroma / n };
}

async function photo(seed: number): Promise<Uint8Array> {
  return new Uint8Array(await sharp(await syntheticPhoto(seed, SIZE)).raw().toBuffer());
}

/** A grey ramp from black to white: no chroma at all, every lightness. */
function greyRamp(): Uint8Array {
  const rgb = new Uint8Array(SIZE * SIZE * 3);
  for (let y = 0; y < SIZE; y++) for (let x = 0; x < SIZE; x++) rgb.fill(Math.round((255 * x) / (SIZE - 1)), (y * SIZE + x) * 3, (y * SIZE + x) * 3 + 3);
  return rgb;
}

describe('randomColors (attention-check images)', () => {
  it('keeps every pixel\'s lightness and replaces its chroma with strong, different colours', async () => {
    for (const input of [await photo(1), await photo(2), greyRamp()]) {
      const fake = randomColors(input, SIZE, SIZE, 42);
      const c = compare(input, fake);
      // L* is kept up to 8-bit rounding of the output: dL*/dv peaks near black at
      // κ / 12.92 ≈ 70 (CIE κ = 903.3 over sRGB's linear segment), so half a step (0.5 / 255)
      // in all three channels moves L* by at most 0.14; the bound leaves room for the small
      // clipping where the gamut table's grid overestimates the boundary (measured: max 0.2).
      expect(c.maxDl).toBeLessThan(0.5);
      expect(c.meanDl).toBeLessThan(0.15);
      // Strong, changed colour: chroma 45-80 is asked for; near black and white the gamut allows less.
      expect(c.meanDab).toBeGreaterThan(25);
      expect(c.meanChroma).toBeGreaterThan(25);
    }
  });

  it('still keeps lightness after the stored JPEG encoding', async () => {
    const input = await photo(3);
    const stored = await encodeSquare({ rgb: randomColors(input, SIZE, SIZE, 5), size: SIZE });
    const decoded = new Uint8Array(await sharp(Buffer.from(stored.bytes)).raw().toBuffer());
    const c = compare(input, decoded);
    expect(c.meanDl).toBeLessThan(1.5);
    expect(c.meanDab).toBeGreaterThan(25);
  });

  it('spreads many hues over one image', () => {
    const fake = randomColors(greyRamp(), SIZE, SIZE, 9);
    const lab = labOf(fake);
    const hues = new Set<number>();
    for (let i = 0; i < lab.length; i += 3) {
      if (Math.hypot(lab[i + 1], lab[i + 2]) > 20) hues.add(Math.floor(((Math.atan2(lab[i + 2], lab[i + 1]) + Math.PI) / (2 * Math.PI)) * 12));
    }
    // At least half of the twelve 30° hue sectors occur.
    expect(hues.size).toBeGreaterThanOrEqual(6);
  });

  it('is a function of the seed: the same seed gives the same bytes, another seed other colours', async () => {
    const input = await photo(4);
    const a = randomColors(input, SIZE, SIZE, 11);
    expect(randomColors(input, SIZE, SIZE, 11)).toEqual(a);
    const b = randomColors(input, SIZE, SIZE, 12);
    expect(compare(a, b).meanDab).toBeGreaterThan(20);
  });

  it('refuses a buffer of the wrong size', () => {
    expect(() => randomColors(new Uint8Array(10), 2, 2, 1)).toThrow('randomColors: expected 12 bytes, got 10');
  });
});
