/**
 * Listing a folder of images by file stem: the stem (name without extension) is what ties
 * a real photo to its colorizations, so `kodim01.png` in a method folder matches
 * `kodim01.jpg` in the real folder.
 */
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { StudyImportError, listNames } from './errors';

/** Extensions read as images, compared case-insensitively. */
export const IMAGE_EXTENSIONS = ['.jpg', '.jpeg', '.png', '.webp', '.tif', '.tiff'] as const;

export function isImageFile(name: string): boolean {
  // Dot files are skipped: macOS writes "._name.jpg" resource forks next to real images.
  return !name.startsWith('.') && (IMAGE_EXTENSIONS as readonly string[]).includes(path.extname(name).toLowerCase());
}

/**
 * The images directly inside `dir` (not in subfolders), as stem -> absolute path, sorted by stem.
 * `role` names the folder in messages, e.g. 'real photos (realDir)' or 'method "zhang" (dir)'.
 * Throws a StudyImportError for a missing or empty folder and for two files with one stem.
 */
export function listImages(dir: string, role: string): Map<string, string> {
  let entries: string[];
  try {
    if (!statSync(dir).isDirectory()) throw new StudyImportError(`${role}: ${dir} is not a folder`);
    entries = readdirSync(dir);
  } catch (e) {
    if (e instanceof StudyImportError) throw e;
    throw new StudyImportError(`${role}: cannot read the folder ${dir} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  const byStem = new Map<string, string[]>();
  for (const name of entries.filter(isImageFile).sort()) {
    const file = path.join(dir, name);
    if (!statSync(file).isFile()) continue;
    const stem = path.basename(name, path.extname(name));
    byStem.set(stem, [...(byStem.get(stem) ?? []), name]);
  }
  if (byStem.size === 0) {
    const others = entries.filter((n) => !n.startsWith('.'));
    const hint = others.length ? ` (it holds ${others.length} other file(s), e.g. ${listNames(others, 3)})` : '';
    throw new StudyImportError(
      `${role}: no images in ${dir}${hint}; images must end in ${IMAGE_EXTENSIONS.join(', ')}`,
    );
  }
  const clashes = [...byStem.values()].filter((names) => names.length > 1);
  if (clashes.length) {
    throw new StudyImportError(
      clashes.map((names) => `${role}: ${names.join(' and ')} in ${dir} share one name; keep one of them`),
    );
  }
  return new Map([...byStem].map(([stem, [name]]) => [stem, path.join(dir, name)]));
}
