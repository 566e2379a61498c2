/**
 * Objective metrics of colorization methods against the real photos, folder by folder: the
 * logic behind `npm run evaluate`, callable without the CLI (tests, the study tools).
 *
 * Images are matched by file stem (`kodim01.png` in a method folder pairs with `kodim01.jpg`
 * in the real folder). By default every method must have exactly the real photos, so that
 * all methods are averaged over the same images; `allowPartial` evaluates each method on the
 * photos it shares with the real folder instead (and reports what it left out). A
 * colorization must have its real photo's size (after EXIF orientation); `allowResize`
 * resizes one of another size to the photo's (libvips linear interpolation) and counts it.
 *
 * Beside the methods, the two baselines of baselines.ts are scored on every evaluated photo,
 * and the pooled ab metrics of pooled-ab.ts (rebalanced AuC, correlations) are accumulated
 * for each method and baseline. The per-image metrics' means are plain means over the images,
 * except PSNR: an identical image's +Infinity is left out of the mean and counted
 * (`psnrInfinite`); the mean is +Infinity only when every image is identical.
 */
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { imageSize, listImageFiles, readRgbImage } from '../image/files';
import { computeAbBins } from '../color/bins';
import { srgbToLabArray } from '../color/lab-math';
import type { RgbImage } from '../image/rgb-image';
import { checkSameSize } from '../image/rgb-image';
import { abErrorsLab, aucOfErrors } from './ab-error';
import { BASELINES, baselineImage, MeanAb, type BaselineName, type ConstantAb } from './baselines';
import { coherenceScoreLab } from './coherence';
import { EvaluateError } from './evaluate-error';
import { colorfulness } from './colorfulness';
import { PooledAb, type PooledAbMetrics } from './pooled-ab';
import { psnr } from './psnr';
import { ssim } from './ssim';

/** The per-image metrics, in table order. */
export const METRICS = ['auc', 'psnr', 'ssim', 'colorfulness', 'coherence'] as const;
export type MetricName = (typeof METRICS)[number];
export type MetricValues = Record<MetricName, number>;

/** The metrics pooled over all pixels of all images of a method (null where undefined), in table order. */
export const POOLED_METRICS = ['aucRebal', 'r', 'rA', 'rB'] as const;
export type PooledMetricName = (typeof POOLED_METRICS)[number];
export type PooledValues = Record<PooledMetricName, number | null>;

/** One line per metric: what the number is (also written into the JSON). */
export const METRIC_DEFINITIONS: Record<MetricName | PooledMetricName, string> = {
  auc:
    'AuC of the CDF of per-pixel ab error (L2, CIELab D65) over thresholds 0..150, divided by 150 (Zhang et al. 2016, Table 1, non-rebalanced); 1 = exact colours; higher is better',
  psnr: 'PSNR in dB over R, G, B on the 8-bit scale (peak 255), mean over the images that are not identical to their photo (those are counted in psnrInfinite); higher is better',
  ssim: 'SSIM (Wang et al. 2004: 11x11 Gaussian window, sigma 1.5, K1 0.01, K2 0.03) per R, G, B channel, averaged; 1 = identical; higher is better',
  colorfulness:
    'colourfulness M of Hasler & Süsstrunk 2003 on 0..255 RGB, of the colorization alone (compare with the real photos\' row); higher = more colourful',
  coherence:
    'mean over pixels of ||grad ab(pred) - grad ab(real)||_2 with forward differences (the seed\'s Eq. 3 as a metric), in ab units; lower is better',
  aucRebal:
    'class-rebalanced AuC (Zhang et al. 2016, Table 1): pixels of all images pooled and weighted by the inverse frequency of their true colour class (nearest of the 313 in-gamut ab bins), i.e. the mean over the classes present of each class\'s AuC; higher is better',
  r: 'mean of rA and rB; null when either is undefined; higher is better',
  rA: 'Pearson correlation of predicted with true a over all pixels of all images; null when either is constant (std < 1e-3), as for the baselines',
  rB: 'Pearson correlation of predicted with true b over all pixels of all images; null when either is constant (std < 1e-3), as for the baselines',
};

export interface MethodSpec {
  name: string;
  dir: string;
}

export interface ImageScores extends MetricValues {
  image: string;
  /** Whether the colorization was resized to the real photo's size (allowResize only). */
  resized: boolean;
}

export interface MethodResult extends MetricValues, PooledValues {
  name: string;
  /** The method's folder; '' for a baseline, which is made from the real photos. */
  dir: string;
  /** Set on the baseline rows. */
  baseline?: BaselineName;
  /** Images averaged over. */
  n: number;
  /** Images identical to their real photo (PSNR +Infinity), left out of the PSNR mean. */
  psnrInfinite: number;
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
  /** grayscale and constant, scored on every real photo that some method was compared with. */
  baselines: MethodResult[];
  /** The constant baseline's ab. */
  constantAb: ConstantAb;
  /** How many colorizations were resized to their real photo's size (allowResize only). */
  resizedCount: number;
}

export interface EvaluateOptions {
  realDir: string;
  methods: MethodSpec[];
  allowPartial?: boolean;
  /** Resize a colorization of another size to its photo's instead of refusing it. */
  allowResize?: boolean;
  /** The constant baseline's ab; default: the mean ab of the evaluated real photos. */
  constantAb?: ConstantAb;
  onProgress?: (done: number, total: number, label: string) => void;
}

export { EvaluateError };

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

/** Means over the images; PSNR over the finite values only (see the header). */
export function meanScores(images: readonly MetricValues[]): MetricValues & { psnrInfinite: number } {
  const means = Object.fromEntries(METRICS.map((k) => [k, mean(images.map((i) => i[k]))])) as MetricValues;
  const finite = images.map((i) => i.psnr).filter(Number.isFinite);
  const psnrInfinite = images.filter((i) => i.psnr === Infinity).length;
  means.psnr = finite.length ? mean(finite) : images.length && psnrInfinite === images.length ? Infinity : NaN;
  return { ...means, psnrInfinite };
}

/** All five metrics of one colorization against its real photo (same size). */
export function scoreImage(real: RgbImage, pred: RgbImage): MetricValues {
  checkSameSize(real, pred, 'scoreImage');
  return scoreImageLab(real, pred, srgbToLabArray(real.data), srgbToLabArray(pred.data));
}

/** The same, given both images' Lab arrays (converted once by callers that also pool them). */
export function scoreImageLab(real: RgbImage, pred: RgbImage, labReal: Float32Array, labPred: Float32Array): MetricValues {
  checkSameSize(real, pred, 'scoreImage');
  return {
    auc: aucOfErrors(abErrorsLab(labReal, labPred)),
    psnr: psnr(real, pred),
    ssim: ssim(real, pred),
    colorfulness: colorfulness(pred),
    coherence: coherenceScoreLab(labReal, labPred, real.width, real.height),
  };
}

/** A method or baseline being scored: its per-image rows and its pooled accumulator. */
interface Tally {
  images: ImageScores[];
  pooled: PooledAb;
}

function finish(tally: Tally, base: Pick<MethodResult, 'name' | 'dir' | 'missing' | 'extra'> & { baseline?: BaselineName }): MethodResult {
  const pooled: PooledAbMetrics = tally.pooled.result();
  // A baseline's chroma is constant by construction; what varies after the 8-bit conversion
  // (rounding, gamut clipping) is a function of L alone, so no correlation is reported.
  const r = base.baseline ? { rA: null, rB: null, r: null } : { rA: pooled.rA, rB: pooled.rB, r: pooled.r };
  return { ...base, n: tally.images.length, ...meanScores(tally.images), aucRebal: pooled.aucRebal, ...r, images: tally.images };
}

export async function evaluateFolders({ realDir, methods, allowPartial = false, allowResize = false, constantAb, onProgress }: EvaluateOptions): Promise<EvaluationResult> {
  if (methods.length === 0) throw new EvaluateError('no methods to evaluate: give at least one --method NAME=DIR');
  const names = methods.map((m) => m.name);
  const repeated = names.filter((n, i) => names.indexOf(n) !== i);
  if (repeated.length) throw new EvaluateError(`method names must be unique; repeated: ${listNames([...new Set(repeated)])}`);
  if (constantAb && !(Number.isFinite(constantAb.a) && Number.isFinite(constantAb.b))) {
    throw new EvaluateError(`the constant baseline's ab must be two finite numbers; got ${constantAb.a}, ${constantAb.b}`);
  }

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

  const stems = [...real.keys()].filter((stem) => plans.some((p) => p.files.has(stem)));
  // The constant baseline needs the mean ab of all evaluated photos before its first image:
  // one pass over the photos first, unless the caller gave the value.
  const total = plans.reduce((s, p) => s + p.files.size, 0) + stems.length * (BASELINES.length + (constantAb ? 0 : 1));
  let done = 0;
  const constant = constantAb ?? (await meanAbOfPhotos(stems.map((stem) => real.get(stem)!), (label) => onProgress?.(++done, total, label)));

  // Photo by photo (each real photo is decoded once and dropped after its methods), reading
  // the next photo's files while the current one is scored.
  const bins = computeAbBins();
  const tallies = [...plans, ...BASELINES].map((): Tally => ({ images: [], pooled: new PooledAb(bins) }));
  const realColor: number[] = [];
  let resizedCount = 0;
  const load = (stem: string) => loadPhoto(real.get(stem)!, plans.map((p) => p.files.get(stem)), allowResize);
  let next = stems.length ? load(stems[0]) : undefined;
  for (let s = 0; s < stems.length; s++) {
    const current = await next!;
    next = s + 1 < stems.length ? load(stems[s + 1]) : undefined;
    // Keep a failed prefetch from surfacing as an unhandled rejection; it is awaited next turn.
    next?.catch(() => undefined);
    const { truth } = current;
    const labReal = srgbToLabArray(truth.data);
    realColor.push(colorfulness(truth));
    const score = (t: number, label: string, pred: RgbImage, resized: boolean) => {
      const labPred = srgbToLabArray(pred.data);
      let scores: MetricValues;
      try {
        scores = scoreImageLab(truth, pred, labReal, labPred);
      } catch (err) {
        throw new EvaluateError(`${label}, image ${stems[s]}: ${(err as Error).message}`);
      }
      tallies[t].pooled.add(labReal, labPred);
      tallies[t].images.push({ image: stems[s], ...scores, resized });
      onProgress?.(++done, total, `${stems[s]} ${label}`);
    };
    current.preds.forEach((pred, m) => {
      if (!pred) return;
      if (pred.resized) resizedCount++;
      score(m, `method "${plans[m].spec.name}"`, pred.image, pred.resized);
    });
    score(plans.length, 'baseline grayscale', baselineImage(labReal, truth.width, truth.height, 0, 0), false);
    score(plans.length + 1, 'baseline constant', baselineImage(labReal, truth.width, truth.height, constant.a, constant.b), false);
  }
  const results = plans.map(({ spec, missing, extra }, m) => finish(tallies[m], { name: spec.name, dir: spec.dir, missing, extra }));
  const baselines = BASELINES.map((name, i) => finish(tallies[plans.length + i], { name, dir: '', baseline: name, missing: [], extra: [] }));
  return { realDir, realColorfulness: { n: realColor.length, mean: mean(realColor) }, methods: results, baselines, constantAb: constant, resizedCount };
}

async function meanAbOfPhotos(files: string[], tick: (label: string) => void): Promise<ConstantAb> {
  const acc = new MeanAb();
  for (const file of files) {
    const image = await readRgbImage(file).catch(toEvaluateError);
    acc.add(srgbToLabArray(image.data));
    tick(`${path.basename(file)} mean ab`);
  }
  return { ...acc.value(), source: `mean ab of the ${files.length} real photos evaluated` };
}

/** Decodes a real photo and its colorizations; one of another size is an error unless `allowResize`. */
async function loadPhoto(realFile: string, predFiles: Array<string | undefined>, allowResize: boolean) {
  const truth = await readRgbImage(realFile).catch(toEvaluateError);
  const preds = await Promise.all(
    predFiles.map(async (file) => {
      if (!file) return undefined;
      const size = await imageSize(file).catch(toEvaluateError);
      const resized = size.width !== truth.width || size.height !== truth.height;
      if (resized && !allowResize) {
        const swapped = size.width === truth.height && size.height === truth.width ? ' (width and height swapped)' : '';
        throw new EvaluateError(
          `${file} is ${size.width} x ${size.height} but its real photo ${realFile} is ${truth.width} x ${truth.height}${swapped}: a colorization must have its photo's size (--allow-resize resizes it to the photo's)`,
        );
      }
      const image = await readRgbImage(file, resized ? { width: truth.width, height: truth.height } : {}).catch(toEvaluateError);
      return { image, resized };
    }),
  );
  return { truth, preds };
}

function toEvaluateError(err: unknown): never {
  throw new EvaluateError((err as Error).message);
}
