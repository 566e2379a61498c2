/**
 * The served copy of a stimulus: its length depends on width and height only, its pixels are
 * the stored image's within one level, and no two copies are the same bytes.
 */
import { createHash } from 'node:crypto';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { addPixelNoise } from '../../../../app/lib/stimuli/pixel-noise';
import { noiseSeed, servedStimulus } from '../../../../app/lib/stimuli/served-stimulus';
import { syntheticPhoto } from '../../../helpers/study-fixture';

const rgb = async (bytes: Uint8Array) => (await sharp(bytes).raw().toBuffer({ resolveWithObject: true }));
const sha = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

describe('addPixelNoise', () => {
  it('moves every value by at most one level, clamped, with each step about a third of the time', () => {
    const pixels = new Uint8Array(30_000).map((_, i) => [0, 255, 128][i % 3]);
    const noisy = addPixelNoise(pixels, 42);
    const steps = [0, 0, 0];
    let largest = 0;
    for (let i = 0; i < pixels.length; i++) {
      largest = Math.max(largest, Math.abs(noisy[i] - pixels[i]));
      if (pixels[i] === 128) steps[noisy[i] - 127]++;
    }
    expect(largest).toBe(1);
    expect(Math.min(...noisy)).toBe(0);
    expect(Math.max(...noisy)).toBe(255);
    // 10,000 mid-grey values: each step 3,333 ± 47 (binomial sd); 5 sd either side.
    for (const count of steps) expect(Math.abs(count - 10_000 / 3)).toBeLessThan(240);
  });

  it('gives the same copy for the same seed and a different one for another', () => {
    const pixels = new Uint8Array(1000).fill(100);
    expect(addPixelNoise(pixels, 1)).toEqual(addPixelNoise(pixels, 1));
    expect(sha(addPixelNoise(pixels, 1))).not.toBe(sha(addPixelNoise(pixels, 2)));
  });
});

describe('servedStimulus', () => {
  it('serves an uncompressed PNG whose length is the same for a smooth and a detailed image', async () => {
    const detailed = await sharp(await syntheticPhoto(3, 64)).jpeg({ quality: 92 }).toBuffer();
    const smooth = await sharp(detailed).blur(4).jpeg({ quality: 92 }).toBuffer();
    expect(smooth.length).toBeLessThan(detailed.length);
    const [a, b] = await Promise.all([servedStimulus(detailed, 't/0/0'), servedStimulus(smooth, 't/0/1')]);
    expect(a.length).toBe(b.length);
    // 8-bit RGB rows of 64 px plus a filter byte each, in stored deflate blocks, plus the chunks.
    expect(a.length).toBeGreaterThan(64 * (64 * 3 + 1));
    const meta = await sharp(a).metadata();
    expect([meta.format, meta.width, meta.height, meta.channels, meta.exif, meta.icc]).toEqual(['png', 64, 64, 3, undefined, undefined]);
  });

  it('keeps the stored pixels within one level, differently in every copy, and the same copy on a second request', async () => {
    const stored = await sharp(await syntheticPhoto(5, 64)).jpeg({ quality: 92 }).toBuffer();
    const original = await rgb(stored);
    const copies = await Promise.all(['s1/0/0', 's2/0/0', 's1/0/1'].map((copy) => servedStimulus(stored, copy)));
    expect(new Set(copies.map(sha)).size).toBe(3);
    expect(sha(await servedStimulus(stored, 's1/0/0'))).toBe(sha(copies[0]));
    for (const copy of copies) {
      const { data } = await rgb(copy);
      let changed = 0;
      let largest = 0;
      for (let i = 0; i < data.length; i++) {
        largest = Math.max(largest, Math.abs(data[i] - original.data[i]));
        if (data[i] !== original.data[i]) changed++;
      }
      expect(largest).toBe(1);
      expect(changed / data.length).toBeGreaterThan(0.5);
    }
  });

  it('derives the noise seed from a secret key, so the copy name alone does not predict it', () => {
    const key = new Uint8Array(32).fill(7);
    expect(noiseSeed('tok/3/0', key)).toBe(noiseSeed('tok/3/0', key));
    expect(noiseSeed('tok/3/0', key)).not.toBe(noiseSeed('tok/3/0', new Uint8Array(32).fill(8)));
  });
});
