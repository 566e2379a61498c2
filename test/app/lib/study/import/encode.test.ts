import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aspectDiffers, encodeSquare, loadSquare, UnreadableImageError } from '../../../../../app/lib/study/import/encode';
import { sha256Hex } from '../../../../../app/lib/study/import/hash';

/** Raw RGB of vertical bands, `bandWidth` pixels each, `height` rows. */
function bands(colours: number[][], bandWidth: number, height: number): { data: Buffer; width: number; height: number } {
  const width = colours.length * bandWidth;
  const data = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) data.set(colours[Math.floor(x / bandWidth)], (y * width + x) * 3);
  return { data, width, height };
}

const rawInput = (img: { width: number; height: number }) => ({ raw: { width: img.width, height: img.height, channels: 3 as const } });

function pixel(square: { rgb: Uint8Array; size: number }, x: number, y: number): number[] {
  const o = (y * square.size + x) * 3;
  return [...square.rgb.subarray(o, o + 3)];
}

async function decodeStored(bytes: Uint8Array) {
  const { data, info } = await sharp(Buffer.from(bytes)).raw().toBuffer({ resolveWithObject: true });
  return { rgb: new Uint8Array(data), size: info.width, info };
}

const RED = [220, 30, 30];
const GREEN = [30, 200, 40];
const BLUE = [30, 40, 220];
const near = (a: number[], b: number[], tol: number) => a.every((v, i) => Math.abs(v - b[i]) <= tol);

describe('the import pipeline', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'study-encode-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('crops the centre of a wide image, and crops a larger copy of the same scene identically', async () => {
    const small = bands([GREEN, RED, BLUE], 32, 32); // 96 x 32: the centre square is the red band
    const large = bands([GREEN, RED, BLUE], 64, 64); // the same scene at twice the resolution
    await sharp(small.data, rawInput(small)).png().toFile(path.join(dir, 'small.png'));
    await sharp(large.data, rawInput(large)).png().toFile(path.join(dir, 'large.png'));
    const a = await loadSquare(path.join(dir, 'small.png'), 64);
    const b = await loadSquare(path.join(dir, 'large.png'), 64);
    expect([a.sourceWidth, a.sourceHeight, b.sourceWidth, b.sourceHeight]).toEqual([96, 32, 192, 64]);
    expect(a.rgb.length).toBe(64 * 64 * 3);
    // Away from the band edges (resampling blends a couple of pixels there) every pixel is red.
    for (const [x, y] of [[4, 4], [32, 32], [59, 60]]) {
      expect(near(pixel(a, x, y), RED, 2)).toBe(true);
      expect(near(pixel(b, x, y), RED, 2)).toBe(true);
    }
    expect(aspectDiffers(a, b)).toBe(false);
    expect(aspectDiffers(a, { sourceWidth: 64, sourceHeight: 64 })).toBe(true);
  });

  it('applies the EXIF orientation, then strips EXIF, ICC and XMP and keeps the size', async () => {
    // Stored 40 x 20, red left half and blue right half, tagged "rotate 90° clockwise to display" (6):
    // displayed 20 x 40 with red on top. Ignoring the tag would put red on the left instead.
    const img = bands([RED, BLUE], 20, 20);
    const file = path.join(dir, 'rotated.jpg');
    await sharp(img.data, rawInput(img)).jpeg({ quality: 95 }).withMetadata({ orientation: 6 }).withXmp('<x:xmpmeta xmlns:x="adobe:ns:meta/"></x:xmpmeta>').toFile(file);
    const input = await sharp(file).metadata();
    expect([input.orientation, !!input.exif, !!input.xmp]).toEqual([6, true, true]);
    const square = await loadSquare(file, 64);
    expect([square.sourceWidth, square.sourceHeight]).toEqual([20, 40]);
    expect(near(pixel(square, 54, 10), RED, 12)).toBe(true);
    expect(near(pixel(square, 10, 54), BLUE, 12)).toBe(true);
    const stored = await encodeSquare(square);
    const meta = await sharp(Buffer.from(stored.bytes)).metadata();
    expect(meta).toMatchObject({ format: 'jpeg', width: 64, height: 64, channels: 3, chromaSubsampling: '4:4:4' });
    expect([meta.exif, meta.icc, meta.xmp, meta.iptc, meta.orientation]).toEqual([undefined, undefined, undefined, undefined, undefined]);
    expect(stored).toMatchObject({ mime: 'image/jpeg', width: 64, height: 64, sha256: sha256Hex(stored.bytes) });
  });

  it('converts a photo tagged with a Display P3 profile to sRGB before dropping the profile', async () => {
    const srgb = [187, 105, 62];
    const raw = Buffer.alloc(16 * 16 * 3);
    for (let i = 0; i < 256; i++) raw.set(srgb, i * 3);
    // withIccProfile('p3') converts the colour to Display P3 numbers and tags the file with the profile.
    const tagged = await sharp(raw, { raw: { width: 16, height: 16, channels: 3 } }).withIccProfile('p3').png().toBuffer();
    const file = path.join(dir, 'p3.png');
    writeFileSync(file, tagged);
    expect((await sharp(file).metadata()).icc).toBeDefined();
    const p3 = [...(await sharp(tagged, { ignoreIcc: true }).raw().toBuffer()).subarray(0, 3)];
    // The sRGB those P3 numbers mean, by hand: undo the transfer curve (P3 uses sRGB's), apply
    // the linear Display-P3 -> sRGB matrix (both D65), re-apply the curve.
    const toLinear = (v: number) => (v <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4);
    const toSrgb = (v: number) => (v <= 0.0031308 ? 12.92 * v : 1.055 * v ** (1 / 2.4) - 0.055);
    const P3_TO_SRGB = [
      [1.2249, -0.2247, 0],
      [-0.0421, 1.0419, 0],
      [-0.0197, -0.0786, 1.0979],
    ];
    const lin = p3.map((v) => toLinear(v / 255));
    const expected = P3_TO_SRGB.map((row) => 255 * toSrgb(row[0] * lin[0] + row[1] * lin[1] + row[2] * lin[2]));
    expect(near(expected, srgb, 2)).toBe(true); // the round trip lands where it started

    const stored = await decodeStored((await encodeSquare(await loadSquare(file, 64))).bytes);
    expect(near(pixel(stored, 32, 32), expected, 2)).toBe(true);
    // Taking the numbers without their profile would be visibly off.
    expect(near(p3, expected, 8)).toBe(false);
  });

  it('gives identical bytes and hashes for identical pixels, whatever the container metadata', async () => {
    const img = bands([RED, GREEN], 24, 48);
    await sharp(img.data, rawInput(img)).png().toFile(path.join(dir, 'plain.png'));
    await sharp(img.data, rawInput(img)).png().withExif({ IFD0: { Copyright: 'someone' } }).toFile(path.join(dir, 'exif.png'));
    copyFileSync(path.join(dir, 'plain.png'), path.join(dir, 'copy.png'));
    const hashes = await Promise.all(['plain.png', 'copy.png', 'exif.png'].map(async (f) => (await encodeSquare(await loadSquare(path.join(dir, f), 64))).sha256));
    expect(new Set(hashes).size).toBe(1);
    const other = bands([GREEN, RED], 24, 48);
    await sharp(other.data, rawInput(other)).png().toFile(path.join(dir, 'other.png'));
    expect((await encodeSquare(await loadSquare(path.join(dir, 'other.png'), 64))).sha256).not.toBe(hashes[0]);
  });

  it('reads 16-bit, greyscale and transparent images as 8-bit sRGB (alpha onto white)', async () => {
    // A Uint16Array is read as 16 bits per sample.
    const rgb16 = Uint16Array.from({ length: 8 * 8 * 3 }, (_, i) => (i % 3 === 0 ? 65535 : 0));
    await sharp(rgb16, { raw: { width: 8, height: 8, channels: 3 } }).toColourspace('rgb16').png().toFile(path.join(dir, 'deep.png'));
    expect((await sharp(path.join(dir, 'deep.png')).metadata()).depth).toBe('ushort');
    await sharp(Buffer.alloc(64, 128), { raw: { width: 8, height: 8, channels: 1 } }).png().toFile(path.join(dir, 'grey.png'));
    await sharp(Buffer.alloc(8 * 8 * 4, 0), { raw: { width: 8, height: 8, channels: 4 } }).png().toFile(path.join(dir, 'clear.png'));
    const deep = await loadSquare(path.join(dir, 'deep.png'), 64);
    const grey = await loadSquare(path.join(dir, 'grey.png'), 64);
    const clear = await loadSquare(path.join(dir, 'clear.png'), 64);
    expect(pixel(deep, 30, 30)).toEqual([255, 0, 0]);
    expect(pixel(grey, 30, 30)).toEqual([128, 128, 128]);
    expect(pixel(clear, 30, 30)).toEqual([255, 255, 255]);
  });

  it('names an unreadable file: garbage, a truncated JPEG, an empty file', async () => {
    const good = bands([RED, BLUE], 32, 64);
    const jpeg = await sharp(good.data, rawInput(good)).jpeg().toBuffer();
    writeFileSync(path.join(dir, 'garbage.jpg'), 'this is text');
    writeFileSync(path.join(dir, 'truncated.jpg'), jpeg.subarray(0, Math.floor(jpeg.length * 0.6)));
    writeFileSync(path.join(dir, 'empty.png'), '');
    for (const name of ['garbage.jpg', 'truncated.jpg', 'empty.png']) {
      const file = path.join(dir, name);
      const error = await loadSquare(file, 64).catch((e) => e);
      expect(error).toBeInstanceOf(UnreadableImageError);
      expect(error.message).toMatch(new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}: cannot read this image \\(.+\\)$`));
    }
  });
});
