import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ImageFileError, imageSize, isImageFile, listImageFiles, readRgbImage, writeRgbImage } from '../../../model/image/files';
import { checkRgbImage } from '../../../model/image/rgb-image';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'image-files-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** A 5 x 3 gradient with distinct values per pixel and channel. */
function gradient(width = 5, height = 3) {
  const data = Float32Array.from({ length: width * height * 3 }, (_, i) => ((i * 37) % 256) / 255);
  return { width, height, data };
}

describe('writeRgbImage / readRgbImage', () => {
  it('round-trips through PNG exactly on the 8-bit grid', async () => {
    const img = gradient();
    const file = path.join(dir, 'g.png');
    await writeRgbImage(file, img);
    const back = await readRgbImage(file);
    expect(back.width).toBe(5);
    expect(back.height).toBe(3);
    expect(Array.from(back.data)).toEqual(Array.from(img.data));
  });

  it('clips out-of-range values and rounds to 8 bits when writing', async () => {
    const file = path.join(dir, 'clip.png');
    await writeRgbImage(file, { width: 1, height: 1, data: Float32Array.from([-0.5, 1.7, 0.5]) });
    const back = await readRgbImage(file);
    // 0.5 * 255 = 127.5 rounds to 128.
    expect(Array.from(back.data)).toEqual([0, 1, Math.fround(128 / 255)]);
  });

  it('reads a grey PNG as three equal channels and flattens alpha onto white', async () => {
    const grey = path.join(dir, 'grey.png');
    await sharp({ create: { width: 2, height: 2, channels: 3, background: { r: 10, g: 200, b: 30 } } })
      .grayscale()
      .png()
      .toFile(grey);
    const g = await readRgbImage(grey);
    checkRgbImage(g);
    expect(g.data[0]).toBe(g.data[1]);
    expect(g.data[1]).toBe(g.data[2]);
    const alpha = path.join(dir, 'alpha.png');
    // Fully transparent black over white reads as white.
    await sharp({ create: { width: 2, height: 1, channels: 4, background: { r: 0, g: 0, b: 0, alpha: 0 } } })
      .png()
      .toFile(alpha);
    expect(Array.from((await readRgbImage(alpha)).data)).toEqual([1, 1, 1, 1, 1, 1]);
  });

  it('resizes on reading when a size is given', async () => {
    const file = path.join(dir, 'big.png');
    await writeRgbImage(file, gradient(8, 6));
    const small = await readRgbImage(file, { width: 4, height: 3 });
    expect([small.width, small.height, small.data.length]).toEqual([4, 3, 36]);
    expect(await imageSize(file)).toEqual({ width: 8, height: 6 });
  });

  it('writes JPEG by extension (lossy, close)', async () => {
    const file = path.join(dir, 'flat.jpg');
    const flat = { width: 16, height: 16, data: new Float32Array(16 * 16 * 3).fill(0.4) };
    await writeRgbImage(file, flat);
    expect((await sharp(file).metadata()).format).toBe('jpeg');
    const back = await readRgbImage(file);
    for (const v of back.data) expect(Math.abs(v - 0.4)).toBeLessThan(3 / 255);
  });

  it('names the file it cannot read', async () => {
    const bad = path.join(dir, 'bad.png');
    await writeFile(bad, 'not an image');
    await expect(readRgbImage(bad)).rejects.toThrow(ImageFileError);
    await expect(readRgbImage(bad)).rejects.toThrow(/cannot read image .*bad\.png/);
    await expect(readRgbImage(path.join(dir, 'missing.png'))).rejects.toThrow(/missing\.png/);
  });
});

describe('listImageFiles', () => {
  it('lists image files by extension, sorted, skipping other files and folders', async () => {
    const sub = await mkdtemp(path.join(dir, 'list-'));
    for (const name of ['b.JPG', 'a.png', 'notes.txt', '.hidden.png', 'c.webp']) await writeFile(path.join(sub, name), '');
    expect(await listImageFiles(sub)).toEqual(['a.png', 'b.JPG', 'c.webp']);
    expect(isImageFile('x.tiff')).toBe(true);
    expect(isImageFile('x.json')).toBe(false);
  });

  it('follows symbolic links to image files, skips links to folders and broken links', async () => {
    const sub = await mkdtemp(path.join(dir, 'links-'));
    await mkdir(path.join(sub, 'photos'));
    await writeFile(path.join(sub, 'photos', 'real.png'), '');
    await mkdir(path.join(sub, 'folder.png'));
    const links = path.join(sub, 'links');
    await mkdir(links);
    await symlink(path.join(sub, 'photos', 'real.png'), path.join(links, 'a.png'));
    await symlink('../photos/real.png', path.join(links, 'b.png'));
    await symlink(path.join(sub, 'folder.png'), path.join(links, 'c.png'));
    await symlink(path.join(sub, 'gone.png'), path.join(links, 'd.png'));
    expect(await listImageFiles(links)).toEqual(['a.png', 'b.png']);
    // A link to a folder of photos lists the photos.
    await symlink(path.join(sub, 'photos'), path.join(sub, 'photos-link'));
    expect(await listImageFiles(path.join(sub, 'photos-link'))).toEqual(['real.png']);
  });
});
