/**
 * What a participant's browser receives for a trial image: the stored image's pixels with
 * per-copy noise (pixel-noise.ts), as an uncompressed PNG. Uncompressed, because every
 * compressed format's size follows the content (colorizations are smoother and compress
 * smaller, so "the larger file is the real one" would win), and padding a compressed file
 * only hides that from someone who does not parse it. An uncompressed PNG's length depends
 * on its width and height alone, and its bytes are its pixels plus fixed headers: real
 * photo and colorization differ in nothing but what the pixels show.
 *
 * The noise seed is an HMAC of (session token, trial, slot) under a key drawn when the
 * process starts, so a participant cannot predict the noise and subtract it. Encoding
 * costs ~2 ms; decoded stored images and encoded copies are cached (bounded by bytes) so
 * that a preload and a display, or a reload, cost one encoding.
 */
import { createHash, createHmac, randomBytes } from 'node:crypto';
import sharp from 'sharp';
import { addPixelNoise } from './pixel-noise';
import { PromiseCache } from './promise-cache';

export const SERVED_STIMULUS_MIME = 'image/png';

const NOISE_KEY = randomBytes(32);

interface Decoded {
  pixels: Uint8Array;
  width: number;
  height: number;
}

// Decoded stored images, by content: the demo's 120 images at 256 px take 24 MB.
const decodedCache = new PromiseCache<Decoded>(64 * 2 ** 20, (d) => d.pixels.length);
// Encoded copies, by session, trial and slot: a few sessions' current and next trials.
const servedCache = new PromiseCache<Uint8Array>(32 * 2 ** 20, (b) => b.length);

async function decode(stored: Uint8Array): Promise<Decoded> {
  const { data, info } = await sharp(stored).toColourspace('srgb').removeAlpha().raw().toBuffer({ resolveWithObject: true });
  return { pixels: new Uint8Array(data.buffer, data.byteOffset, data.length), width: info.width, height: info.height };
}

export function noiseSeed(copy: string, key: Uint8Array = NOISE_KEY): number {
  return createHmac('sha256', key).update(copy).digest().readInt32LE(0);
}

/** The PNG bytes of `pixels` (RGB, row-major) without compression or metadata. */
export async function uncompressedPng(pixels: Uint8Array, width: number, height: number): Promise<Uint8Array> {
  const png = await sharp(pixels, { raw: { width, height, channels: 3 } })
    .png({ compressionLevel: 0, adaptiveFiltering: false })
    .toBuffer();
  return new Uint8Array(png.buffer, png.byteOffset, png.length);
}

/**
 * The copy of a stored image for one place in one session. `copy` names that place
 * (e.g. "<token>/<trial>/<slot>"): the same name gives the same bytes while the process runs.
 */
export function servedStimulus(stored: Uint8Array, copy: string): Promise<Uint8Array> {
  const digest = createHash('sha256').update(stored).digest('hex');
  return servedCache.get(`${copy} ${digest}`, async () => {
    const { pixels, width, height } = await decodedCache.get(digest, () => decode(stored));
    return uncompressedPng(addPixelNoise(pixels, noiseSeed(copy)), width, height);
  });
}
