/**
 * The training objective of each variant, from a Lab batch to named loss terms.
 *
 *   zhang, zhang-norebal  cls = Zhang's Eq. 2 against the soft-encoded ab (k nearest
 *                         bins, σ = 5), subsampled to 1/4 resolution; rebalancing
 *                         weights with λ = `lambda` (zhang-norebal: λ = 1, all weights 1)
 *   regression            l2 = ½ ||ab − âb||² on ab / 110 at 1/4 resolution
 *   coherent              cls as zhang, plus coherence (seed Eq. 3) on ab / 110 at full
 *                         resolution with âb = f_T(Ẑ) · bin centres (T = coherenceT), plus
 *                         regulariser (seed Eq. 5, T = regulariserT)
 *   coherent-rebal        as coherent, L_C weighted per pixel by gradient-magnitude
 *                         rebalancing (gradientRebalance, on by default) and, with
 *                         luminanceWeight, L_C and L_R by lightness
 *
 * loss = cls (or l2) + coherenceWeight · coherence + regulariserWeight · regulariser.
 * The stop-gradient inside the network keeps coherence and regulariser off the baseline.
 */
import * as tf from '@tensorflow/tfjs';
import type { AbBins } from '../color/bins';
import { annealedMeanFromLogits } from '../color/decode';
import { AB_NORM, L_CENT, L_NORM } from '../color/lab';
import { pixelWeights } from '../color/rebalance';
import { softEncode } from '../color/soft-encode';
import type { RunConfig } from '../config';
import type { LabBatch } from '../dataset/batches';
import { rebalancedCrossEntropy } from '../losses/classification';
import { coherenceLoss } from '../losses/coherence';
import { coherenceWeights, luminanceWeights, type GradientPrior } from '../losses/coherence-weights';
import { abL2 } from '../losses/regression';
import { colourRegulariser } from '../losses/regulariser';
import type { ColorizerNet, ForwardOptions } from '../nets/colorizer';

/** Targets are taken at pixels 4j + 2: next to the centre 4j + 1.5 of each output cell. */
export const TARGET_OFFSET = 2;

export interface LossContext {
  config: RunConfig;
  bins: AbBins;
  /** Rebalancing weight per bin (length Q), for the classification variants. */
  colourWeights: Float32Array | null;
  /** coherent-rebal: the gradient-magnitude distribution and its weights. */
  gradientPrior: GradientPrior | null;
  /**
   * The training set's empirical ab-bin distribution (Priors.colour.p), when the caller has it:
   * validation scores a constant-chroma baseline at its mean ab.
   */
  colourPrior?: ArrayLike<number>;
}

/** A batch as tensors (the caller disposes them with disposeBatch). */
export interface TensorBatch {
  /** [N, H, W, 3]: L in 0..100, a, b. */
  lab: tf.Tensor4D;
  /** coherent-rebal: L_C weights [N, H-1, W-1]. */
  coherenceWeights?: tf.Tensor3D;
  /** coherent-rebal with luminanceWeight: L_R weights [N, H, W]. */
  regulariserWeights?: tf.Tensor3D;
}

export function toTensors(batch: LabBatch, ctx: LossContext): TensorBatch {
  const { n, size } = batch;
  const out: TensorBatch = { lab: tf.tensor4d(batch.lab, [n, size, size, 3]) };
  if (ctx.config.variant === 'coherent-rebal') {
    const w = coherenceWeights(batch.lab, n, size, size, ctx.gradientPrior, ctx.config.luminanceWeight);
    if (w) out.coherenceWeights = tf.tensor3d(w, [n, size - 1, size - 1]);
    if (ctx.config.luminanceWeight) out.regulariserWeights = tf.tensor3d(luminanceWeights(batch.lab, n, size, size), [n, size, size]);
  }
  return out;
}

export function disposeBatch(b: TensorBatch): void {
  tf.dispose([b.lab, b.coherenceWeights, b.regulariserWeights].filter((t) => t !== undefined) as tf.Tensor[]);
}

/** Splits [N, H, W, 3] Lab into the network input (L - 50) / 100 [N, H, W, 1] and ab [N, H, W, 2]. */
export function splitLab(lab: tf.Tensor4D): { lNorm: tf.Tensor4D; ab: tf.Tensor4D } {
  const [n, h, w] = lab.shape;
  const L = tf.slice(lab, [0, 0, 0, 0], [n, h, w, 1]);
  return { lNorm: tf.div(tf.sub(L, L_CENT), L_NORM), ab: tf.slice(lab, [0, 0, 0, 1], [n, h, w, 2]) };
}

/** ab [N, H, W, 2] -> [N, H/4, W/4, 2]: every 4th pixel (Zhang's data_ab_ss subsampling). */
export function subsampleTargets(ab: tf.Tensor4D): tf.Tensor4D {
  const [n, h, w] = ab.shape;
  return tf.stridedSlice(ab, [0, TARGET_OFFSET, TARGET_OFFSET, 0], [n, h, w, 2], [1, 4, 4, 1]) as tf.Tensor4D;
}

export interface Objective {
  total: tf.Scalar;
  /** Named terms (cls or l2; coherence and regulariser for the coherent variants). */
  terms: Record<string, tf.Scalar>;
}

/** The loss of `net` on a batch; differentiable in the net's weights. */
export function objective(net: ColorizerNet, batch: TensorBatch, ctx: LossContext, opts: ForwardOptions): Objective {
  const { config, bins } = ctx;
  const { lNorm, ab } = splitLab(batch.lab);
  const out = net.forward(lNorm, opts);
  const target = subsampleTargets(ab); // [N, H/4, W/4, 2]
  const terms: Record<string, tf.Scalar> = {};
  if (out.abNormalised) {
    terms.l2 = abL2(out.abNormalised, tf.div(target, AB_NORM) as tf.Tensor4D);
    return { total: terms.l2, terms };
  }
  if (!ctx.colourWeights) throw new Error('classification variants need the rebalancing weights');
  const encoded = softEncode(target, bins, { neighbours: config.neighbours, sigma: config.sigma }) as tf.Tensor4D; // [N, H/4, W/4, Q]
  const weights = pixelWeights(encoded, ctx.colourWeights) as tf.Tensor3D; // [N, H/4, W/4]
  terms.cls = rebalancedCrossEntropy(out.logits!, encoded, weights);
  let total: tf.Scalar = terms.cls;
  if (out.refinedLogits && out.zUp) {
    const abHat = annealedMeanFromLogits(out.refinedLogits, bins, config.coherenceT) as tf.Tensor4D; // [N, H, W, 2]
    terms.coherence = coherenceLoss(tf.div(abHat, AB_NORM) as tf.Tensor4D, tf.div(ab, AB_NORM) as tf.Tensor4D, batch.coherenceWeights);
    terms.regulariser = colourRegulariser(out.zUp, out.refinedLogits, config.regulariserT, batch.regulariserWeights);
    total = tf.addN([total, tf.mul(terms.coherence, config.coherenceWeight), tf.mul(terms.regulariser, config.regulariserWeight)]) as tf.Scalar;
  }
  return { total, terms };
}
