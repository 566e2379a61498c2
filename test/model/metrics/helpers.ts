import { labToSrgbPixel } from '../../../model/color/lab';
import type { RgbImage } from '../../../model/image/rgb-image';

/**
 * An image from Lab pixels (row-major), converted without 8-bit rounding; throws if a colour
 * is out of gamut (beyond 1e-4: the primaries' published Lab values round to just outside).
 */
export function imageFromLab(width: number, height: number, lab: Array<[number, number, number]>): RgbImage {
  const data = new Float32Array(width * height * 3);
  lab.forEach((px, p) => {
    const rgb = labToSrgbPixel(...px);
    if (rgb.some((v) => v < -1e-4 || v > 1 + 1e-4)) throw new Error(`test colour ${px} is outside sRGB`);
    data.set(
      rgb.map((v) => Math.min(1, Math.max(0, v))),
      3 * p,
    );
  });
  return { width, height, data };
}

/** A constant image. */
export function constantImage(width: number, height: number, rgb: [number, number, number]): RgbImage {
  const data = new Float32Array(width * height * 3);
  for (let p = 0; p < width * height; p++) data.set(rgb, 3 * p);
  return { width, height, data };
}

/** The deterministic pattern pair used for the skimage reference value in ssim.test.ts. */
export function patternPair(width: number, height: number): [RgbImage, RgbImage] {
  const real = new Float32Array(width * height * 3);
  const pred = new Float32Array(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      for (let c = 0; c < 3; c++) {
        const i = 3 * (y * width + x) + c;
        real[i] = ((x * 7 + y * 13 + c * 29) % 31) / 30;
        pred[i] = (((x * 5 + y * 3 + c * 11) % 17) / 16) * 0.6 + real[i] * 0.4;
      }
    }
  }
  return [
    { width, height, data: real },
    { width, height, data: pred },
  ];
}
