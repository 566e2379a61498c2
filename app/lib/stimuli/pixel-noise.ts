/**
 * Imperceptible per-copy variation of an image: each 8-bit channel value moves by -1, 0 or
 * +1 (equal odds, clamped to 0..255), drawn from a seeded generator. One level in 255 is
 * below what a display shows and below one JPEG quantisation step, yet two copies with
 * different seeds share no byte run longer than a few pixels, so a file's hash cannot be
 * matched across sessions.
 */
import { seededRandom } from '../random';

export function addPixelNoise(pixels: Uint8Array, seed: number): Uint8Array {
  const random = seededRandom(seed);
  const out = new Uint8Array(pixels.length);
  for (let i = 0; i < pixels.length; i++) {
    const step = Math.floor(random() * 3) - 1;
    const v = pixels[i] + step;
    out[i] = v < 0 ? 0 : v > 255 ? 255 : v;
  }
  return out;
}
