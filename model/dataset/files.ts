/**
 * Finding training images and splitting them into training and validation sets.
 */
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { deriveSeed, seededRandom, shuffled } from '../../app/lib/random';
import { isImageFile } from '../image/files';

export class DataError extends Error {
  override name = 'DataError';
}

/** Image files under `dir` (recursively), sorted so that a seed gives the same split everywhere. */
export async function listImages(dir: string): Promise<string[]> {
  const info = await stat(dir).catch(() => null);
  if (!info) throw new DataError(`data folder not found: ${dir}`);
  if (!info.isDirectory()) throw new DataError(`not a folder: ${dir}`);
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  const files = entries
    .filter((e) => e.isFile() && isImageFile(e.name) && !e.name.startsWith('.'))
    .map((e) => path.join(e.parentPath, e.name))
    .sort();
  if (files.length === 0) throw new DataError(`no images (.jpg, .png, .webp, ...) in ${dir}`);
  return files;
}

export interface Split {
  train: string[];
  val: string[];
}

/** A seeded split: `valFraction` of the files (at least one when there are two or more) held out. */
export function splitFiles(files: string[], valFraction: number, seed: number): Split {
  const order = shuffled(files, seededRandom(deriveSeed(seed, 'split')));
  const nVal = valFraction > 0 && files.length > 1 ? Math.min(files.length - 1, Math.max(1, Math.round(files.length * valFraction))) : 0;
  return { val: order.slice(0, nVal).sort(), train: order.slice(nVal).sort() };
}
