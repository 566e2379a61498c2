/**
 * Peak signal-to-noise ratio on 8-bit RGB: PSNR = 10 log10(255^2 / MSE), the MSE taken over
 * all pixels and all three channels with values scaled to 0..255. Identical images give
 * +Infinity. (Inputs read from 8-bit files are already on the 8-bit grid; values are not
 * re-rounded here.)
 */
import type { RgbImage } from '../image/rgb-image';
import { checkSameSize } from '../image/rgb-image';

/** Mean squared error on the 0..255 scale over every channel of every pixel. */
export function mse255(real: RgbImage, pred: RgbImage): number {
  checkSameSize(real, pred, 'mse');
  let sum = 0;
  for (let i = 0; i < real.data.length; i++) {
    const d = (real.data[i] - pred.data[i]) * 255;
    sum += d * d;
  }
  return sum / real.data.length;
}

/** PSNR in dB of `pred` against `real` (8-bit peak 255). */
export function psnr(real: RgbImage, pred: RgbImage): number {
  const mse = mse255(real, pred);
  return mse === 0 ? Infinity : 10 * Math.log10((255 * 255) / mse);
}
