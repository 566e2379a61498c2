import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { StudyImportError } from '../../../../../app/lib/study/import/errors';
import { isImageFile, listImages } from '../../../../../app/lib/study/import/files';

describe('listImages', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'study-files-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const touch = (...names: string[]) => names.forEach((n) => writeFileSync(path.join(dir, n), 'x'));

  it('keys images by stem, any listed extension in any case, skipping dot files, other files and subfolders', () => {
    touch('b.JPG', 'a.jpeg', 'c.Png', 'd.webp', 'e.TIF', 'f.tiff', '._a.jpg', '.hidden.png', 'notes.txt', 'g.gif');
    mkdirSync(path.join(dir, 'sub.png'));
    const images = listImages(dir, 'real photos (realDir)');
    expect([...images.keys()]).toEqual(['a', 'b', 'c', 'd', 'e', 'f']);
    expect(images.get('b')).toBe(path.join(dir, 'b.JPG'));
  });

  it('names the folder and role when it is missing, not a folder, or holds no images', () => {
    expect(() => listImages(path.join(dir, 'missing'), 'method "x" (dir)')).toThrow(
      `method "x" (dir): cannot read the folder ${path.join(dir, 'missing')} (ENOENT)`,
    );
    touch('file.jpg');
    expect(() => listImages(path.join(dir, 'file.jpg'), 'real photos (realDir)')).toThrow(`real photos (realDir): ${path.join(dir, 'file.jpg')} is not a folder`);
    const empty = path.join(dir, 'empty');
    mkdirSync(empty);
    writeFileSync(path.join(empty, 'readme.md'), 'x');
    expect(() => listImages(empty, 'real photos (realDir)')).toThrow(
      `real photos (realDir): no images in ${empty} (it holds 1 other file(s), e.g. readme.md); images must end in .jpg, .jpeg, .png, .webp, .tif, .tiff`,
    );
  });

  it('refuses two files with one stem, naming both', () => {
    touch('a.jpg', 'a.png', 'b.png', 'b.webp', 'c.png');
    const error = (() => {
      try {
        listImages(dir, 'real photos (realDir)');
      } catch (e) {
        return e as StudyImportError;
      }
    })();
    expect(error).toBeInstanceOf(StudyImportError);
    expect(error!.problems).toEqual([
      `real photos (realDir): a.jpg and a.png in ${dir} share one name; keep one of them`,
      `real photos (realDir): b.png and b.webp in ${dir} share one name; keep one of them`,
    ]);
  });

  it('recognises image names', () => {
    expect(['x.jpg', 'x.JPEG', 'x.tif'].map(isImageFile)).toEqual([true, true, true]);
    expect(['x.bmp', '.x.jpg', 'jpg'].map(isImageFile)).toEqual([false, false, false]);
  });
});
