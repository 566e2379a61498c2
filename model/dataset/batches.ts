/**
 * Batches of Lab crops for training and validation, loaded ahead of the training step.
 *
 * sharp decodes on libuv's thread pool, so loading overlaps the step (which holds the
 * JS thread in tfjs). Batches are made one after another in a promise chain: every
 * random draw (file order, crop position, mirroring, replacements for grayscale images)
 * happens in the same order whatever the timing, so a seed replays the same batches.
 */
import { srgbToLabArray } from '../color/lab';
import { randomInt, seededRandom, shuffled, type RandomSource } from '../../app/lib/random';
import { crop, isGrayscaleLab, loadResized } from './images';
import { DataError } from './files';

export interface LabBatch {
  /** Interleaved L, a, b (L in 0..100), [n, size, size, 3] row-major. */
  lab: Float32Array;
  n: number;
  size: number;
  files: string[];
}

export interface LoaderStats {
  batches: number;
  /** Wall time spent producing batches (overlaps the step when prefetching works). */
  loadMs: number;
  /** Images skipped by the grayscale filter (each file counted once). */
  grayscaleFiles: number;
}

interface Draw {
  file: string;
  u: number;
  v: number;
  mirror: boolean;
}

export interface LoaderOptions {
  batch: number;
  size: number;
  resize: number;
  seed: number;
  prefetch: number;
}

export class TrainingBatches {
  readonly stats: LoaderStats = { batches: 0, loadMs: 0, grayscaleFiles: 0 };
  private readonly random: RandomSource;
  private order: string[] = [];
  private position = 0;
  private readonly grayscale = new Set<string>();
  private readonly checked = new Set<string>();
  private readonly queue: Promise<LabBatch>[] = [];
  private chain: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly files: string[],
    private readonly options: LoaderOptions,
  ) {
    if (files.length === 0) throw new DataError('no training images');
    this.random = seededRandom(options.seed);
  }

  private nextFile(): string {
    for (let tries = 0; tries <= this.files.length; tries++) {
      if (this.position >= this.order.length) {
        this.order = shuffled(this.files, this.random); // a new epoch
        this.position = 0;
      }
      const file = this.order[this.position++];
      if (!this.grayscale.has(file)) return file;
    }
    throw new DataError(`all ${this.files.length} training images are grayscale (|a|, |b| <= 5 everywhere)`);
  }

  private draw(): Draw {
    return { file: this.nextFile(), u: this.random(), v: this.random(), mirror: this.random() < 0.5 };
  }

  /** One crop, or null when the image is grayscale. */
  private async load(d: Draw): Promise<Float32Array | null> {
    const { size, resize } = this.options;
    const img = await loadResized(d.file, resize);
    if (!this.checked.has(d.file)) {
      // The filter looks at the whole (resized) image once; later draws reuse the answer.
      this.checked.add(d.file);
      if (isGrayscaleLab(srgbToLabArray(img.data))) {
        this.grayscale.add(d.file);
        this.stats.grayscaleFiles++;
      }
    }
    if (this.grayscale.has(d.file)) return null;
    const x0 = Math.floor(d.u * (img.width - size + 1));
    const y0 = Math.floor(d.v * (img.height - size + 1));
    return srgbToLabArray(crop(img, x0, y0, size, d.mirror));
  }

  private async make(): Promise<LabBatch> {
    const started = performance.now();
    const { batch, size } = this.options;
    const draws = Array.from({ length: batch }, () => this.draw());
    const crops = await Promise.all(draws.map((d) => this.load(d)));
    // Replace grayscale images in slot order, so the draws stay reproducible.
    for (let i = 0; i < batch; i++) {
      while (crops[i] === null) {
        draws[i] = this.draw();
        crops[i] = await this.load(draws[i]);
      }
    }
    const per = size * size * 3;
    const lab = new Float32Array(batch * per);
    crops.forEach((c, i) => lab.set(c!, i * per));
    this.stats.batches++;
    this.stats.loadMs += performance.now() - started;
    return { lab, n: batch, size, files: draws.map((d) => d.file) };
  }

  private enqueue(): void {
    const p = this.chain.then(() => this.make());
    this.chain = p.catch(() => undefined);
    this.queue.push(p);
  }

  /** The next batch; keeps `prefetch` more loading in the background. */
  next(): Promise<LabBatch> {
    while (this.queue.length < this.options.prefetch + 1) this.enqueue();
    const p = this.queue.shift()!;
    this.enqueue();
    return p;
  }

  /** Waits for batches still loading (so a process can exit cleanly). */
  async drain(): Promise<void> {
    await Promise.allSettled(this.queue);
    this.queue.length = 0;
  }
}

/**
 * Centre crops of the first `max` colour images of `files`, for validation: the same
 * images every evaluation, no mirroring.
 */
export async function loadCentreCrops(files: string[], opts: { size: number; resize: number; max: number }): Promise<LabBatch> {
  const { size, resize, max } = opts;
  const crops: Float32Array[] = [];
  const used: string[] = [];
  for (const file of files) {
    if (crops.length >= max) break;
    const img = await loadResized(file, resize);
    if (isGrayscaleLab(srgbToLabArray(img.data))) continue;
    const x0 = Math.floor((img.width - size) / 2);
    const y0 = Math.floor((img.height - size) / 2);
    crops.push(srgbToLabArray(crop(img, x0, y0, size, false)));
    used.push(file);
  }
  const per = size * size * 3;
  const lab = new Float32Array(crops.length * per);
  crops.forEach((c, i) => lab.set(c, i * per));
  return { lab, n: crops.length, size, files: used };
}

/** A seeded sample of `count` files (all of them if fewer). */
export function sampleFiles(files: string[], count: number, seed: number): string[] {
  if (files.length <= count) return files.slice();
  const random = seededRandom(seed);
  const picked = new Set<number>();
  while (picked.size < count) picked.add(randomInt(random, files.length));
  return [...picked].sort((a, b) => a - b).map((i) => files[i]);
}
