/**
 * The data set statistics a run needs before its first step, estimated on a seeded sample
 * of the training images (each at the training scale, whole image): the empirical ab-bin
 * distribution and its rebalancing weights (Zhang et al. 2016, Sec. 2.2: smoothed with a
 * Gaussian, mixed with the uniform distribution by λ, w normalised to E_p[w] = 1), and
 * for coherent-rebal the distribution of ground-truth ab-gradient magnitudes.
 * Grayscale images are skipped (Zhang's filter). The result goes into the run folder.
 */
import type { AbBins } from '../color/bins';
import { srgbToLabArray } from '../color/lab';
import { accumulateBinCountsArray, empiricalDistribution, rebalanceWeights, smoothDistribution } from '../color/rebalance';
import type { RunConfig } from '../config';
import { accumulateGradientCounts, gradientMagnitudes, gradientPrior, type GradientPrior } from '../losses/coherence-weights';
import { deriveSeed } from '../../app/lib/random';
import { sampleFiles } from './batches';
import { DataError } from './files';
import { loadResized } from './images';

export interface ColourPrior {
  /** Nearest-bin pixel counts per bin (length Q). */
  counts: number[];
  /** Empirical distribution p. */
  p: number[];
  /** p smoothed with a Gaussian of `sigma` over the ab plane. */
  pSmoothed: number[];
  sigma: number;
  lambda: number;
  /** Rebalancing weight per bin, E_p̃[w] = 1. */
  weights: number[];
}

export interface Priors {
  /** Images sampled, and how many of them the grayscale filter skipped. */
  images: number;
  skippedGrayscale: number;
  colour: ColourPrior;
  /** coherent-rebal with gradientRebalance only. */
  gradient: GradientPrior | null;
}

/** λ as the variant uses it: zhang-norebal is λ = 1 (uniform weights). */
export function effectiveLambda(config: RunConfig): number {
  return config.variant === 'zhang-norebal' ? 1 : config.lambda;
}

/** Whether saved priors were made with the settings `config` asks for now (a resume may change them). */
export function priorsMatch(priors: Priors, config: RunConfig): boolean {
  const wantGradient = config.variant === 'coherent-rebal' && config.gradientRebalance;
  const g = priors.gradient;
  return (
    priors.colour.lambda === effectiveLambda(config) &&
    priors.colour.sigma === config.sigma &&
    (wantGradient
      ? g !== null && g.lambda === config.gradientLambda && JSON.stringify(g.edges) === JSON.stringify(config.gradientBins)
      : g === null)
  );
}

export async function estimatePriors(
  files: string[],
  config: RunConfig,
  bins: AbBins,
  onProgress?: (done: number, total: number) => void,
): Promise<Priors> {
  const sample = sampleFiles(files, config.priorImages, deriveSeed(config.seed, 'prior'));
  const counts = new Float64Array(bins.Q);
  const wantGradient = config.variant === 'coherent-rebal' && config.gradientRebalance;
  const gradCounts = new Float64Array(config.gradientBins.length);
  let skipped = 0;
  for (let i = 0; i < sample.length; i++) {
    const img = await loadResized(sample[i], config.resize);
    const lab = srgbToLabArray(img.data);
    const ab = new Float32Array((lab.length / 3) * 2);
    for (let p = 0, q = 0; p < lab.length; p += 3, q += 2) {
      ab[q] = lab[p + 1];
      ab[q + 1] = lab[p + 2];
    }
    const wasGray = accumulateBinCountsArray(counts, ab, 1, bins);
    skipped += wasGray;
    if (wantGradient && !wasGray) accumulateGradientCounts(gradCounts, gradientMagnitudes(lab, 1, img.height, img.width), config.gradientBins);
    onProgress?.(i + 1, sample.length);
  }
  if (skipped === sample.length) throw new DataError(`all ${sample.length} sampled images are grayscale (|a|, |b| <= 5 everywhere): nothing to learn colours from`);
  const p = empiricalDistribution(counts);
  const pSmoothed = smoothDistribution(p, bins, config.sigma);
  const lambda = effectiveLambda(config);
  return {
    images: sample.length,
    skippedGrayscale: skipped,
    colour: {
      counts: Array.from(counts),
      p: Array.from(p),
      pSmoothed: Array.from(pSmoothed),
      sigma: config.sigma,
      lambda,
      weights: Array.from(rebalanceWeights(pSmoothed, { lambda })),
    },
    gradient: wantGradient ? gradientPrior(gradCounts, config.gradientBins, config.gradientLambda) : null,
  };
}
