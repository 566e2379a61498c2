import * as tf from '@tensorflow/tfjs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../../../model/backend/select';
import { computeAbBins } from '../../../model/color/bins';
import { srgbToLabArray } from '../../../model/color/lab';
import { colorizeFile, colorizeImage, networkSize, type Colorizer } from '../../../model/colorize/colorize';
import { defaultDecodeT } from '../../../model/colorize/predict';
import { resolveConfig } from '../../../model/config';
import { imageSize, readRgbImage } from '../../../model/image/files';
import { ColorizerNet, netSpecOf } from '../../../model/nets/colorizer';

const PHOTO = path.join(import.meta.dirname, '../../fixtures/model/photos/clothing-1.jpg');
let dir: string;

function colorizer(variant: string): Colorizer {
  const config = resolveConfig('tiny', { variant });
  const net = new ColorizerNet(netSpecOf(config, computeAbBins().Q), 5);
  return { net, config, bins: computeAbBins(), step: 0, dispose: () => net.dispose() };
}

beforeAll(async () => {
  await selectBackend('wasm');
  dir = await mkdtemp(path.join(os.tmpdir(), 'colorize-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('networkSize', () => {
  it('scales the short side to the training size and rounds both sides to multiples of 8', () => {
    expect(networkSize(768, 512, 64)).toEqual({ width: 96, height: 64 }); // Kodak landscape, small preset
    expect(networkSize(512, 768, 224)).toEqual({ width: 224, height: 336 });
    expect(networkSize(100, 37, 32)).toEqual({ width: 88, height: 32 }); // 86.5 -> 88
  });
});

describe('colorizeImage', () => {
  it.each([['zhang'], ['regression'], ['coherent']])('%s: keeps the photo\'s size and its L; the ab view has L = 50', async (variant) => {
    const c = colorizer(variant);
    // An odd size, not a multiple of 8, so that both resizes are exercised.
    const photo = await readRgbImage(PHOTO, { width: 45, height: 38 });
    const before = tf.memory().numTensors;
    const out = await colorizeImage(c, photo);
    expect(tf.memory().numTensors).toBe(before);
    expect([out.image.width, out.image.height, out.image.data.length]).toEqual([45, 38, 45 * 38 * 3]);
    // By default at the training scale (tiny: photos resized to a short side of 40 before
    // cropping): 45x38 -> 47.4x40 -> 48x40; `side` overrides it.
    expect(out.networkSize).toEqual({ width: 48, height: 40 });
    if (variant === 'zhang') expect((await colorizeImage(c, photo, { side: 32 })).networkSize).toEqual({ width: 40, height: 32 });
    const labIn = srgbToLabArray(photo.data);
    const labOut = srgbToLabArray(out.image.data);
    const labView = srgbToLabArray(out.abView.data);
    // Where no channel was clipped to [0, 1], the colorization's L is the photo's L exactly
    // (up to float32 conversions), and the ab view's L is 50.
    const unclipped = (rgb: Float32Array, p: number) => [0, 1, 2].every((k) => rgb[p * 3 + k] > 0 && rgb[p * 3 + k] < 1);
    let kept = 0;
    let viewKept = 0;
    for (let p = 0; p < 45 * 38; p++) {
      if (unclipped(out.image.data, p)) {
        kept++;
        expect(Math.abs(labOut[p * 3] - labIn[p * 3])).toBeLessThan(0.05);
      }
      if (unclipped(out.abView.data, p)) {
        viewKept++;
        expect(Math.abs(labView[p * 3] - 50)).toBeLessThan(0.05);
      }
    }
    expect(kept).toBeGreaterThan(45 * 38 * 0.3);
    expect(viewKept).toBeGreaterThan(45 * 38 * 0.3);
    c.dispose();
  });

  it('decodes at the variant\'s temperature unless told otherwise, and T changes the colours', async () => {
    const c = colorizer('zhang');
    expect(defaultDecodeT(c.config)).toBe(0.38);
    expect(defaultDecodeT({ ...c.config, variant: 'coherent' })).toBe(c.config.coherenceT);
    const photo = await readRgbImage(PHOTO, { width: 32, height: 32 });
    const a = await colorizeImage(c, photo);
    const b = await colorizeImage(c, photo, { T: 0.38 });
    const d = await colorizeImage(c, photo, { T: 1 });
    expect(Array.from(b.image.data)).toEqual(Array.from(a.image.data));
    expect(Array.from(d.image.data)).not.toEqual(Array.from(a.image.data));
    c.dispose();
  });
});

describe('colorizeFile', () => {
  it('writes the colorization and the ab view at the input\'s full size', async () => {
    const c = colorizer('zhang');
    const out = path.join(dir, 'a.png');
    const view = path.join(dir, 'a-ab.png');
    await colorizeFile(c, PHOTO, out, { abViewOutput: view });
    const size = await imageSize(PHOTO);
    expect(await imageSize(out)).toEqual(size);
    expect(await imageSize(view)).toEqual(size);
    await expect(colorizeFile(c, path.join(dir, 'missing.jpg'), out)).rejects.toThrow(/cannot read image/);
    c.dispose();
  });
});
