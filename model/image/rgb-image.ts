/**
 * The in-memory image every metric and converter in model/ shares: interleaved sRGB
 * (r, g, b, r, g, b, ... row by row) as floats in [0, 1]. Plain data, no tensors and no
 * sharp, so the study import, the evaluate CLI and tests can build one directly.
 */

export interface RgbImage {
  width: number;
  height: number;
  /** width * height * 3 values in [0, 1], row-major, channels interleaved. */
  data: Float32Array;
}

/** Throws a clear error unless `image` is a consistent RgbImage. */
export function checkRgbImage(image: RgbImage, what = 'image'): void {
  const { width, height, data } = image;
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1) {
    throw new Error(`${what}: width and height must be positive integers, got ${width} x ${height}`);
  }
  if (!(data instanceof Float32Array) || data.length !== width * height * 3) {
    throw new Error(`${what}: expected ${width * height * 3} RGB values for ${width} x ${height}, got ${data?.length}`);
  }
}

/** Throws unless both images have the same size (metrics compare pixel by pixel). */
export function checkSameSize(a: RgbImage, b: RgbImage, what: string): void {
  checkRgbImage(a, `${what} (first image)`);
  checkRgbImage(b, `${what} (second image)`);
  if (a.width !== b.width || a.height !== b.height) {
    throw new Error(`${what}: images differ in size (${a.width} x ${a.height} vs ${b.width} x ${b.height})`);
  }
}
