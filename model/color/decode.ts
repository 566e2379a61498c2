/**
 * From a distribution over the Q ab bins to one ab value per pixel: Zhang et al. 2016,
 * Sec. 2.3, Eq. (5), the "annealed mean"
 *
 *   H(Z) = E[f_T(Z)],   f_T(z) = exp(log(z) / T) / Σ_q exp(log(z_q) / T),
 *
 * also the seed's Eq. (2) (its colour regulariser uses f_T with T = 0.01). T = 1 leaves the
 * distribution as it is, so H is the mean; T -> 0 sharpens it to a one-hot at the mode, so H
 * is the mode's centre; Zhang's T = 0.38 trades saturation against spatial coherence.
 *
 * Prior correction (ours, not Zhang's): trained with class-rebalancing weights w, the
 * network's softmax q approaches the rebalanced posterior, q_k ∝ w_k · p(k | x) (the
 * minimiser of E[w_y · CE] over q). Dividing out a fraction β of the weights,
 * q_k · w_k^-β, moves the decoding from Zhang's (β = 0: rare colours favoured by the
 * weights) to the plain posterior (β = 1), the label-shift correction of Saerens et al.
 * (2002). In log space it is a per-bin shift of the logits.
 *
 * Everything is computed in log space: exp(log z / T) for z = 1e-8 and T = 0.01 is 1e-800,
 * far below float32, while log z / T = -1842 is an ordinary number that softmax handles
 * by subtracting the row maximum.
 */
import * as tf from '@tensorflow/tfjs';
import type { AbBins } from './bins';
import { binCentersTensor } from './bins';

/** Floor for probabilities before the log: keeps log finite for exact zeros (float32's smallest normal is 1.2e-38). */
export const PROB_FLOOR = 1e-30;

/** Zhang's default temperature for the annealed mean. */
export const DEFAULT_T = 0.38;

function checkT(T: number): void {
  if (!(T > 0) || !Number.isFinite(T)) throw new Error(`temperature T must be a positive number, got ${T}`);
}

/**
 * (d) f_T(softmax(logits)) along the last axis. Since log softmax(x) = x - logsumexp(x) and
 * softmax ignores a per-row constant, f_T(softmax(x)) = softmax(logSoftmax(x) / T) = softmax(x / T):
 * computed as the last, which skips a logSoftmax and its gradient (its exp over [N, H, W, Q]
 * was 14% of a `coherent` training step). softmax subtracts the row maximum, so x / T cannot
 * overflow.
 */
export function temperedSoftmax(logits: tf.Tensor, T: number): tf.Tensor {
  checkT(T);
  return tf.tidy(() => tf.softmax(logits.toFloat().div(T)));
}

/** (d) f_T(z) for probabilities z along the last axis: softmax(log(max(z, PROB_FLOOR)) / T). */
export function temperedFromProbs(z: tf.Tensor, T: number): tf.Tensor {
  checkT(T);
  return tf.tidy(() => tf.softmax(tf.log(tf.maximum(z.toFloat(), PROB_FLOOR)).div(T)));
}

function expectedAb(probs: tf.Tensor, bins: AbBins): tf.Tensor {
  const Q = probs.shape[probs.rank - 1];
  if (Q !== bins.Q) throw new Error(`distribution has ${Q} bins on its last axis but the bins have Q = ${bins.Q}`);
  const flat = probs.reshape([-1, Q]); // [P, Q]
  return flat.matMul(binCentersTensor(bins)).reshape([...probs.shape.slice(0, -1), 2]); // [..., 2]
}

/**
 * (d) Annealed mean: probabilities z [..., Q] -> ab [..., 2] (raw ab units), E over f_T(z)
 * of the bin centres. T = 1: the mean. T -> 0: the mode's centre (the limit; T must stay > 0).
 */
export function annealedMean(z: tf.Tensor, bins: AbBins, T = DEFAULT_T): tf.Tensor {
  return tf.tidy(() => expectedAb(temperedFromProbs(z, T), bins));
}

/** (d) The same from logits [..., Q] (skips the probability floor: exact in log space). */
export function annealedMeanFromLogits(logits: tf.Tensor, bins: AbBins, T = DEFAULT_T): tf.Tensor {
  return tf.tidy(() => expectedAb(temperedSoftmax(logits, T), bins));
}

/** Logits whose softmax is softmax(logits) · w^-β, renormalised: undoes a fraction β of class rebalancing. */
export function priorCorrectedLogits(logits: tf.Tensor, weights: ArrayLike<number>, beta: number): tf.Tensor {
  if (!(beta >= 0 && beta <= 1)) throw new Error(`prior correction β must be in [0, 1], got ${beta}`);
  const Q = logits.shape[logits.rank - 1];
  if (weights.length !== Q) throw new Error(`${weights.length} rebalancing weights for ${Q} bins`);
  if (beta === 0) return logits.clone();
  const shift = Float32Array.from(weights, (w) => {
    if (!(w > 0)) throw new Error(`rebalancing weights must be positive, got ${w}`);
    return -beta * Math.log(w);
  });
  return tf.tidy(() => tf.add(logits.toFloat(), tf.tensor1d(shift)));
}
