/**
 * Objective metrics of colorization methods against the real photos, folder by folder: the
 * logic behind `npm run evaluate`, callable without the CLI (tests, the study tools).
 *
 * Images are matched by file stem (`kodim01.png` in a method folder pairs with `kodim01.jpg`
 * in the real folder). By default every method must have exactly the real photos, so that
 * all methods are averaged over the same images; `allowPartial` evaluates each method on the
 * photos it shares with the real folder instead (and reports what it left out). A
 * colorization of a different size is resized to its real photo's size (libvips linear
 * interpolation) before measuring, and counted.
 */
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { imageSize, listImageFiles, readRgbImage } from '../image/files';
import { srgbToLabArray } from '../color/lab-math';
import type { RgbImage } from '../image/rgb-image';
import { checkSameSize } from '../image/rgb-image';
import { abErrorsLab, aucOfErrors } from './ab-error';
import { coherenceScoreLab } from './coherence';
import { colorfulness } from './colorfulness';
import { psnr } from './psnr';
import { ssim } from './ssim';

/** The per-image metrics, in table order. */
export const METRICS = ['auc', 'psnr', 'ssim', 'colorfulness', 'coherence'] as const;
export type MetricName = (typeof METRICS)[number];
export type MetricValues = Record<MetricName, number>;

/** One line per metric: what the number is (also written into the JSON). */
export const METRIC_DEFINITIONS: Record<MetricName, string> = {
  auc:
    'AuC of the CDF of per-pixel ab error (L2, CIELab D65) over thresholds 0..150, divided by 150 (Zhang et al. 2016, Table 1, non-rebalanced); 1 = exact colours; higher is better',
  psnr: 'PSNR in dB over R, G, B on the 8-bit scale (peak 255); higher is better',
  ssim: 'SSIM (Wang et al. 2004: 11x11 Gaussian window, sigma 1.5, K1 0.01, K2 0.03) per R, G, B channel, averaged; 1 = identical; higher is better',
  colorfulness:
    'colourfulness M of Hasler & Süsstrunk 2003 on 0..255 RGB, of the colorization alone (compare with the real photos\' row); higher = more colourful',
  coherence:
    'mean over pixels of ||grad ab(pred) - grad ab(real)||_2 with forward differences (the seed\'s Eq. 3 as a metric), in ab units; lower is better',
};

export interface MethodSpec {
  name: string;
  dir: string;
}

export interface ImageScores extends MetricValues {
  image: string;
  /** Whether the colorization was resized to the real photo's size. */
  resized: boolean;
}

export interface MethodResult extends MetricValues {
  name: string;
  dir: string;
  /** Images averaged over. */
  n: number;
  images: ImageScores[];
  /** Real photos this method lacks (only with allowPartial). */
  missing: string[];
  /** Images of this method with no real photo, not evaluated (only with allowPartial). */
  extra: string[];
}

export interface EvaluationResult {
  realDir: string;
  /** Colourfulness of the real photos that some method was compared with: the reference for that column. */
  realColorfulness: { n: number; mean: number };
  methods: MethodResult[];
  /** How many colorizations were resized to their real photo's size. */
  resizedCount: number;
}

export interface EvaluateOptions {
  realDir: string;
  methods: MethodSpec[];
  allowPartial?: boolean;
  onProgress?: (done: number, total: number, label: string) => void;
}

/** A user mistake (bad folder, names that do not match, unreadable image): print the message, no stack. */
export class EvaluateError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EvaluateError';
  }
}

/** "a, b, c and 4 more". */
export function listNames(names: readonly string[], max = 10): string {
  const shown = names.slice(0, max).join(', ');
  return names.length > max ? `${shown} and ${names.length - max} more` : shown;
}

async function imagesByStem(dir: string, role: string): Promise<Map<string, string>> {
  let isDir = false;
  try {
    isDir = (await stat(dir)).isDirectory();
  } catch {
    throw new EvaluateError(`${role}: folder not found: ${dir}`);
  }
  if (!isDir) throw new EvaluateError(`${role}: ${dir} is not a folder`);
  const byStem = new Map<string, string[]>();
  for (const name of await listImageFiles(dir)) {
    const stem = path.basename(name, path.extname(name));
    byStem.set(stem, [...(byStem.get(stem) ?? []), name]);
  }
  if (byStem.size === 0) throw new EvaluateError(`${role}: no images (.jpg, .png, .webp, ...) in ${dir}`);
  const clashes = [...byStem.values()].filter((names) => names.length > 1).map((names) => names.join(' and '));
  if (clashes.length) throw new EvaluateError(`${role}: files share a name in ${dir}, keep one of each: ${listNames(clashes)}`);
  return new Map([...byStem].map(([stem, [name]]) => [stem, path.join(dir, name)]));
}

function mean(values: number[]): number {
  return values.reduce((a, b) => a + b, 0) / values.length;
}

/** All five metrics of one colorization against its real photo (same size). */
export function scoreImage(real: RgbImage, pred: RgbImage): MetricValues {
  checkSameSize(real, pred, 'scoreImage');
  // Convert to Lab once for the two ab metrics.
  const labReal = srgbToLabArray(real.data);
  const labPred = srgbToLabArray(pred.data);
  return {
    auc: aucOfErrors(abErrorsLab(labReal, labPred)),
    psnr: psnr(real, pred),
    ssim: ssim(real, pred),
    colorfulness: colorfulness(pred),
    coherence: coherenceScoreLab(labReal, labPred, real.width, real.height),
  };
}

export async function evaluateFolders({ realDir, methods, allowPartial = false, onProgress }: EvaluateOptions): Promise<EvaluationResult> {
  if (methods.length === 0) throw new EvaluateError('no methods to evaluate: give at least one --method NAME=DIR');
  const names = methods.map((m) => m.name);
  const repeated = names.filter((n, i) => names.indexOf(n) !== i);
  if (repeated.length) throw new EvaluateError(`method names must be unique; repeated: ${listNames([...new Set(repeated)])}`);

  const real = await imagesByStem(realDir, 'real photos');
  const plans: Array<{ spec: MethodSpec; files: Map<string, string>; missing: string[]; extra: string[] }> = [];
  const problems: string[] = [];
  for (const spec of methods) {
    const files = await imagesByStem(spec.dir, `method "${spec.name}"`);
    const common = new Map([...files].filter(([stem]) => real.has(stem)));
    const missing = [...real.keys()].filter((stem) => !files.has(stem));
    const extra = [...files.keys()].filter((stem) => !real.has(stem));
    if (common.size === 0) {
      problems.push(
        `method "${spec.name}": no image in ${spec.dir} has the name of a real photo (its names: ${listNames([...files.keys()], 5)}; real: ${listNames([...real.keys()], 5)})`,
      );
    } else if (!allowPartial && (missing.length || extra.length)) {
      const parts = [];
      if (extra.length) parts.push(`${extra.length} image(s) with no real photo of that name: ${listNames(extra)}`);
      if (missing.length) parts.push(`${missing.length} real photo(s) without a colorization: ${listNames(missing)}`);
      problems.push(`method "${spec.name}" (${spec.dir}) does not match the real photos: ${parts.join('; ')} (use --allow-partial to evaluate the common images only)`);
    }
    plans.push({ spec, files: common, missing, extra });
  }
  if (problems.length) throw new EvaluateError(problems.join('\n'));

  // Photo by photo (each real photo is decoded once and dropped after its methods), reading
  // the next photo's files while the current one is scored.
  const stems = [...real.keys()].filter((stem) => plans.some((p) => p.files.has(stem)));
  const total = plans.reduce((s, p) => s + p.files.size, 0);
  const perMethod = plans.map(() => [] as ImageScores[]);
  const realColor: number[] = [];
  let done = 0;
  let resizedCount = 0;
  const load = (stem: string) => loadPhoto(real.get(stem)!, plans.map((p) => p.files.get(stem)));
  let next = stems.length ? load(stems[0]) : undefined;
  for (let s = 0; s < stems.length; s++) {
    const current = await next!;
    next = s + 1 < stems.length ? load(stems[s + 1]) : undefined;
    // Keep a failed prefetch from surfacing as an unhandled rejection; it is awaited next turn.
    next?.catch(() => undefined);
    realColor.push(colorfulness(current.truth));
    current.preds.forEach((pred, m) => {
      if (!pred) return;
      const name = plans[m].spec.name;
      let scores: MetricValues;
      try {
        scores = scoreImage(current.truth, pred.image);
      } catch (err) {
        throw new EvaluateError(`method "${name}", image ${stems[s]}: ${(err as Error).message}`);
      }
      if (pred.resized) resizedCount++;
      perMethod[m].push({ image: stems[s], ...scores, resized: pred.resized });
      onProgress?.(++done, total, `${stems[s]} ${name}`);
    });
  }
  const results: MethodResult[] = plans.map(({ spec, missing, extra }, m) => {
    const images = perMethod[m];
    const means = Object.fromEntries(METRICS.map((k) => [k, mean(images.map((i) => i[k]))])) as MetricValues;
    return { name: spec.name, dir: spec.dir, n: images.length, ...means, images, missing, extra };
  });
  return { realDir, realColorfulness: { n: realColor.length, mean: mean(realColor) }, methods: results, resizedCount };
}

/** Decodes a real photo and its colorizations (each resized to the photo's size when it differs). */
async function loadPhoto(realFile: string, predFiles: Array<string | undefined>) {
  const truth = await readRgbImage(realFile).catch(toEvaluateError);
  const preds = await Promise.all(
    predFiles.map(async (file) => {
      if (!file) return undefined;
      const size = await imageSize(file).catch(toEvaluateError);
      const resized = size.width !== truth.width || size.height !== truth.height;
      const image = await readRgbImage(file, resized ? { width: truth.width, height: truth.height } : {}).catch(toEvaluateError);
      return { image, resized };
    }),
  );
  return { truth, preds };
}

function toEvaluateError(err: unknown): never {
  throw new EvaluateError((err as Error).message);
}
