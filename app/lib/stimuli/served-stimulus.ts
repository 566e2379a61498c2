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
 * server starts, so a participant cannot predict the noise and subtract it. The key is one
 * per server: the processes of `npm start -- --workers N` get their primary's
 * (NOISE_KEY_ENV), so any of them serves a place the same copy. Encoding
 * costs ~2 ms; decoded stored images and encoded copies are cached (bounded by bytes) so
 * that a preload and a display, or a reload, cost one encoding.
 */
import { createHash, createHmac, randomBytes } from 'node:crypto';
import sharp from 'sharp';
import { addPixelNoise } from './pixel-noise';
import { PromiseCache } from './promise-cache';

export const SERVED_STIMULUS_MIME = 'image/png';

/** Set by npm start's primary process for its workers (scripts/serve.ts): the key as hex. */
export const NOISE_KEY_ENV = 'CTT_STIMULUS_NOISE_KEY';

function serverNoiseKey(): Uint8Array {
  // On globalThis: this module is loaded both by npm start's fast path and inside Next.js's bundles.
  const slot = globalThis as Record<symbol, Uint8Array | undefined>;
  const name = Symbol.for('colorization-turing-test.stimulus-noise-key');
  const given = process.env[NOISE_KEY_ENV];
  slot[name] ??= given && /^[0-9a-f]{64}$/.test(given) ? Buffer.from(given, 'hex') : randomBytes(32);
  return slot[name];
}

const NOISE_KEY = serverNoiseKey();

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
