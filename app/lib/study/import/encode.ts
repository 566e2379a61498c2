/**
 * The image pipeline of a study import, through sharp: every real photo, colorization,
 * ab-only view and attention image goes through the same steps, so no cue other than
 * colour tells them apart.
 *
 * 1. Decode, honouring an embedded ICC profile (converted to sRGB) and the EXIF orientation.
 * 2. Resize to size x size: scale to cover, then crop the centre. The real photo and its
 *    colorizations are cropped identically whatever their resolution, provided they share
 *    an aspect ratio (the import warns when they do not).
 * 3. Flatten any alpha onto white, as a browser shows a transparent PNG on a white page.
 * 4. Encode as JPEG, quality 92, with 4:4:4 chroma and no metadata (no EXIF, ICC, XMP).
 *
 * Why JPEG rather than PNG: a real photo usually arrives as a JPEG and a colorization as a
 * lossless PNG; storing each in its own format would leave compression artefacts (or
 * their absence) as a cue to which is real. One lossy codec for everything puts the same
 * artefacts on both sides; quality 92 keeps them below what one notices at 256 px, and
 * 4:4:4 keeps full chroma resolution, since 4:2:0 subsampling would itself blur the very
 * colours being judged. It also keeps a 256 px image near 30 kB instead of about 150 kB
 * as PNG, which matters when each trial preloads its images.
 */
import sharp from 'sharp';
import { sha256Hex } from './hash';

export const STORED_MIME = 'image/jpeg';
export const JPEG_QUALITY = 92;

/** A decoded, resized square image: interleaved 8-bit sRGB. */
export interface SquareImage {
  rgb: Uint8Array;
  size: number;
  /** Width and height of the source after EXIF orientation, before resizing. */
  sourceWidth: number;
  sourceHeight: number;
}

/** An image as stored: encoded bytes and their content hash. */
export interface EncodedImage {
  bytes: Uint8Array<ArrayBuffer>;
  sha256: string;
  mime: string;
  width: number;
  height: number;
}

/** An image file that sharp cannot decode; the message names the file. */
export class UnreadableImageError extends Error {
  constructor(readonly file: string, reason: string) {
    super(`${file}: cannot read this image (${reason})`);
    this.name = 'UnreadableImageError';
  }
}

/** Steps 1-3: decodes `file` into a size x size sRGB square. */
export async function loadSquare(file: string, size: number): Promise<SquareImage> {
  try {
    // failOn 'warning' turns truncated or damaged files into errors instead of grey patches.
    const meta = await sharp(file, { failOn: 'warning' }).metadata();
    const sourceWidth = meta.autoOrient?.width ?? meta.width;
    const sourceHeight = meta.autoOrient?.height ?? meta.height;
    const { data } = await sharp(file, { failOn: 'warning' })
      .autoOrient()
      .resize(size, size, { fit: 'cover', position: 'centre' })
      .flatten({ background: '#ffffff' })
      .toColourspace('srgb')
      .raw({ depth: 'uchar' })
      .toBuffer({ resolveWithObject: true });
    if (data.length !== size * size * 3) throw new Error(`decoded to ${data.length} bytes, expected ${size * size * 3}`);
    return { rgb: new Uint8Array(data.buffer, data.byteOffset, data.length), size, sourceWidth, sourceHeight };
  } catch (e) {
    throw new UnreadableImageError(file, (e as Error).message.split('\n')[0]);
  }
}

/** Step 4: encodes an sRGB square as the stored JPEG and hashes the bytes. */
export async function encodeSquare(image: Pick<SquareImage, 'rgb' | 'size'>): Promise<EncodedImage> {
  const { rgb, size } = image;
  const bytes = await sharp(rgb, { raw: { width: size, height: size, channels: 3 } })
    .jpeg({ quality: JPEG_QUALITY, chromaSubsampling: '4:4:4' })
    .toBuffer();
  // A copy that owns its ArrayBuffer (a Buffer may be a view into a larger shared slab).
  const out = new Uint8Array(bytes);
  return { bytes: out, sha256: sha256Hex(out), mime: STORED_MIME, width: size, height: size };
}

/** Aspect ratios (width / height) differing by more than 1% crop different parts of the scene. */
export function aspectDiffers(a: { sourceWidth: number; sourceHeight: number }, b: { sourceWidth: number; sourceHeight: number }): boolean {
  const ratio = (a.sourceWidth / a.sourceHeight) / (b.sourceWidth / b.sourceHeight);
  return Math.abs(ratio - 1) > 0.01;
}
