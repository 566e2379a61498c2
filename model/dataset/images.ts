/**
 * Training crops: an image decoded at a short side of `resize` pixels (model/image reads
 * it through sharp), then a crop, mirrored or not, taken from the decoded pixels (one
 * decode serves the crop and the grayscale test).
 */
import { GRAYSCALE_AB_THRESHOLD } from '../color/rebalance';
import { imageSize, readRgbImage } from '../image/files';
import type { RgbImage } from '../image/rgb-image';

/** Decodes `file` (EXIF-oriented) scaled so that min(width, height) = shortSide. */
export async function loadResized(file: string, shortSide: number): Promise<RgbImage> {
  const { width: w0, height: h0 } = await imageSize(file);
  const scale = shortSide / Math.min(w0, h0);
  return readRgbImage(file, { width: Math.max(shortSide, Math.round(w0 * scale)), height: Math.max(shortSide, Math.round(h0 * scale)) });
}

/** The size x size window at (x0, y0), mirrored left-right if asked; interleaved RGB. */
export function crop(img: RgbImage, x0: number, y0: number, size: number, mirror: boolean): Float32Array {
  if (x0 < 0 || y0 < 0 || x0 + size > img.width || y0 + size > img.height) {
    throw new Error(`crop ${size}x${size} at (${x0}, ${y0}) leaves the ${img.width}x${img.height} image`);
  }
  const out = new Float32Array(size * size * 3);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const sx = mirror ? x0 + size - 1 - x : x0 + x;
      const src = ((y0 + y) * img.width + sx) * 3;
      const dst = (y * size + x) * 3;
      out[dst] = img.data[src];
      out[dst + 1] = img.data[src + 1];
      out[dst + 2] = img.data[src + 2];
    }
  }
  return out;
}

/**
 * Whether an interleaved Lab image is (nearly) colourless by Zhang's test, the same one
 * accumulateBinCounts applies: |a| <= 5 and |b| <= 5 at every pixel.
 */
export function isGrayscaleLab(lab: Float32Array): boolean {
  for (let i = 0; i < lab.length; i += 3) {
    if (Math.abs(lab[i + 1]) > GRAYSCALE_AB_THRESHOLD || Math.abs(lab[i + 2]) > GRAYSCALE_AB_THRESHOLD) return false;
  }
  return true;
}
