/**
 * Colourfulness, Hasler & Süsstrunk 2003, "Measuring colourfulness in natural images", Proc.
 * SPIE 5007 (Human Vision and Electronic Imaging VIII), their chosen metric M^(3):
 *
 *   rg = R - G,  yb = (R + G)/2 - B,  M = sqrt(σ_rg² + σ_yb²) + 0.3 sqrt(μ_rg² + μ_yb²),
 *
 * on 8-bit values (0..255), σ the population standard deviation over the image's pixels.
 * Their correspondence with ratings: about 0 not colourful, 15 slightly, 33 moderately, 45 averagely, 59 quite,
 * 82 highly, 109 extremely colourful. It needs no reference image.
 */
import type { RgbImage } from '../image/rgb-image';
import { checkRgbImage } from '../image/rgb-image';

export function colorfulness(image: RgbImage): number {
  checkRgbImage(image, 'colorfulness');
  const n = image.width * image.height;
  const d = image.data;
  let sRg = 0;
  let sYb = 0;
  for (let p = 0; p < n; p++) {
    const r = d[3 * p] * 255;
    const g = d[3 * p + 1] * 255;
    const b = d[3 * p + 2] * 255;
    sRg += r - g;
    sYb += 0.5 * (r + g) - b;
  }
  const mRg = sRg / n;
  const mYb = sYb / n;
  // Second pass for the variances (two-pass: no cancellation for large means).
  let vRg = 0;
  let vYb = 0;
  for (let p = 0; p < n; p++) {
    const r = d[3 * p] * 255;
    const g = d[3 * p + 1] * 255;
    const b = d[3 * p + 2] * 255;
    vRg += (r - g - mRg) ** 2;
    vYb += (0.5 * (r + g) - b - mYb) ** 2;
  }
  return Math.sqrt(vRg / n + vYb / n) + 0.3 * Math.sqrt(mRg * mRg + mYb * mYb);
}
