/**
 * Image files <-> RgbImage through sharp (libvips). Reading auto-orients by EXIF, flattens
 * any alpha onto white (what a viewer shows on a white page), converts to 8-bit sRGB (grey
 * and 16-bit files included) and scales to [0, 1]. Writing clips to [0, 1] and rounds to
 * 8 bits; the format follows the file's extension.
 */
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import type { RgbImage } from './rgb-image';
import { checkRgbImage } from './rgb-image';

/** Extensions treated as images when listing a folder (lower case, with the dot). */
export const IMAGE_EXTENSIONS = ['.jpg', '.jpeg', '.png', '.webp', '.tif', '.tiff', '.avif', '.gif', '.bmp'] as const;

export function isImageFile(name: string): boolean {
  return (IMAGE_EXTENSIONS as readonly string[]).includes(path.extname(name).toLowerCase());
}

/** A user-facing failure to read or write an image (callers print its message, no stack). */
export class ImageFileError extends Error {
  constructor(
    message: string,
    readonly file: string,
  ) {
    super(message);
    this.name = 'ImageFileError';
  }
}

export interface ReadOptions {
  /** Resize to exactly this size (both given: aspect ratio not kept; bilinear-like libvips "linear" kernel). */
  width?: number;
  height?: number;
}

/** Reads an image file as sRGB floats in [0, 1]. */
export async function readRgbImage(file: string, { width, height }: ReadOptions = {}): Promise<RgbImage> {
  if ((width === undefined) !== (height === undefined)) {
    throw new Error('readRgbImage: give both width and height to resize, or neither');
  }
  let pipeline;
  try {
    pipeline = sharp(file).autoOrient().flatten({ background: '#ffffff' });
    if (width !== undefined && height !== undefined) {
      pipeline = pipeline.resize(width, height, { fit: 'fill', kernel: 'linear' });
    }
    const { data, info } = await pipeline.toColourspace('srgb').raw().toBuffer({ resolveWithObject: true });
    if (info.channels !== 3) throw new Error(`expected 3 channels after conversion, got ${info.channels}`);
    const out = new Float32Array(data.length);
    for (let i = 0; i < data.length; i++) out[i] = data[i] / 255;
    return { width: info.width, height: info.height, data: out };
  } catch (err) {
    throw new ImageFileError(`cannot read image ${file}: ${(err as Error).message}`, file);
  }
}

/** Image size without decoding the pixels (after EXIF orientation). */
export async function imageSize(file: string): Promise<{ width: number; height: number }> {
  try {
    const meta = await sharp(file).metadata();
    if (!meta.width || !meta.height) throw new Error('no size in the file header');
    // EXIF orientations 5-8 swap width and height.
    const swap = (meta.orientation ?? 1) >= 5;
    return swap ? { width: meta.height, height: meta.width } : { width: meta.width, height: meta.height };
  } catch (err) {
    throw new ImageFileError(`cannot read image ${file}: ${(err as Error).message}`, file);
  }
}

/** Clips to [0, 1], rounds to 8 bits and writes; the format follows the extension (.png, .jpg, .webp, .tif...). */
export async function writeRgbImage(file: string, image: RgbImage, { quality = 95 }: { quality?: number } = {}): Promise<void> {
  checkRgbImage(image, `writeRgbImage ${file}`);
  const bytes = Buffer.alloc(image.data.length);
  for (let i = 0; i < bytes.length; i++) bytes[i] = Math.round(Math.min(1, Math.max(0, image.data[i])) * 255);
  const ext = path.extname(file).toLowerCase();
  const raw = sharp(bytes, { raw: { width: image.width, height: image.height, channels: 3 } });
  try {
    if (ext === '.jpg' || ext === '.jpeg') await raw.jpeg({ quality }).toFile(file);
    else if (ext === '.webp') await raw.webp({ quality }).toFile(file);
    else await raw.toFile(file);
  } catch (err) {
    throw new ImageFileError(`cannot write image ${file}: ${(err as Error).message}`, file);
  }
}

/**
 * The image files directly in `dir` (no recursion), sorted by name. Symbolic links count as
 * what they point to (a folder of links to photos is a folder of photos); broken links are skipped.
 */
export async function listImageFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const isFile = async (e: (typeof entries)[number]) =>
    e.isFile() || (e.isSymbolicLink() && (await stat(path.join(dir, e.name)).then((s) => s.isFile(), () => false)));
  const candidates = entries.filter((e) => isImageFile(e.name) && !e.name.startsWith('.'));
  const keep = await Promise.all(candidates.map(isFile));
  return candidates
    .filter((_, i) => keep[i])
    .map((e) => e.name)
    .sort();
}
