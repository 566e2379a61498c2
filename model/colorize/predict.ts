/**
 * From L to ab with a trained network, for every variant: the decoding step of Zhang et
 * al. 2016 (Sec. 2.3: annealed mean of the predicted distribution, T = 0.38, then the ab
 * upsampled to the input's resolution) and its counterparts:
 *   zhang, zhang-norebal   annealed mean of softmax(logits) at 1/4 resolution, upsampled x4
 *   regression             the predicted ab, upsampled x4
 *   coherent, -rebal       annealed mean of the refined distribution Ẑ, already at full
 *                          resolution. Decoded from Ẑ (not from Z, the baseline part),
 *                          since Ẑ is what the coherence loss shaped, and by default at the
 *                          temperature L_C was trained with (coherenceT), so the colours are
 *                          those the loss saw.
 * For zhang the logits may first be prior-corrected (model/color/decode.ts): the setting
 * priorCorrection = β with the rebalancing weights of the training prior.
 * Upsampling is bilinear with half-pixel centres: output cell j covers input pixels
 * 4j..4j+3, centred at 4j + 1.5.
 */
import * as tf from '@tensorflow/tfjs';
import type { AbBins } from '../color/bins';
import { annealedMeanFromLogits, priorCorrectedLogits } from '../color/decode';
import { AB_NORM, L_CENT, L_NORM } from '../color/lab';
import type { ColorizerNet } from '../nets/colorizer';
import { isCoherentVariant } from '../nets/colorizer';

/** The temperature a variant decodes with unless the user gives one. */
export function defaultDecodeT(config: { variant: string; annealT: number; coherenceT: number }): number {
  return isCoherentVariant(config.variant) ? config.coherenceT : config.annealT;
}

/** How a distribution over the bins becomes ab. */
export interface Decoding {
  /** Annealed-mean temperature. */
  T: number;
  /** β: fraction of the class rebalancing undone before the annealed mean (zhang variants; 0: Zhang's decoding). */
  priorCorrection?: number;
  /** The training prior's rebalancing weights (one per bin), needed when priorCorrection > 0. */
  weights?: ArrayLike<number> | null;
}

/** The prior correction a model decodes with unless the user gives one (checkpoints from before the setting: 0). */
export function defaultPriorCorrection(config: { variant: string; priorCorrection?: number }): number {
  return isCoherentVariant(config.variant) ? 0 : (config.priorCorrection ?? 0);
}

/** L [N, H, W, 1] in 0..100 (H, W multiples of 8) -> ab [N, H, W, 2] in Lab units; `decoding` a bare T: Zhang's decoding. */
export function predictAb(net: ColorizerNet, L: tf.Tensor4D, bins: AbBins, decoding: number | Decoding): tf.Tensor4D {
  const { T, priorCorrection: beta = 0, weights } = typeof decoding === 'number' ? { T: decoding } : decoding;
  if (beta > 0 && !weights) throw new Error('prior correction needs the rebalancing weights of the training prior');
  return tf.tidy(() => {
    const [, h, w] = L.shape;
    const out = net.forward(tf.div(tf.sub(L, L_CENT), L_NORM) as tf.Tensor4D, { training: false });
    const up = (t: tf.Tensor4D) => tf.image.resizeBilinear(t, [h, w], false, true);
    if (out.abNormalised) return up(tf.mul(out.abNormalised, AB_NORM) as tf.Tensor4D); // [N, H, W, 2]
    if (out.refinedLogits) return annealedMeanFromLogits(out.refinedLogits, bins, T) as tf.Tensor4D; // [N, H, W, 2]
    const logits = beta > 0 ? priorCorrectedLogits(out.logits!, weights!, beta) : out.logits!;
    return up(annealedMeanFromLogits(logits, bins, T) as tf.Tensor4D); // [N, H/4, W/4, 2] -> [N, H, W, 2]
  });
}
