/**
 * Two-way ("pigeonhole") bootstrap of a pooled proportion over participants and images:
 * resample participants with replacement and, independently, images with replacement; a
 * trial of participant p on image i then counts W_p V_i times, W and V being how often p and
 * i were drawn. Each replicate is Σ W_p V_i y_pi / Σ W_p V_i over the trials.
 *
 * This accounts for images varying in how easily they fool, which the participant bootstrap
 * ignores: the rate's uncertainty then covers new participants and new photos. Like the
 * two-stage bootstrap it errs on the conservative side (Owen 2007 shows its variance
 * estimate is biased upwards by the interaction term).
 *
 * Reference: A. B. Owen (2007), "The pigeonhole bootstrap", Annals of Applied Statistics 1:386-411.
 */
import type { RandomSource } from '../random';

export interface CrossedTrials {
  /** Trials grouped by participant: participant p's trials are start[p] .. start[p + 1] - 1. */
  start: Int32Array;
  /** Image index (0 .. images - 1) of each trial. */
  image: Int32Array;
  /** 1 when the participant was fooled on the trial, else 0. */
  fooled: Uint8Array;
  images: number;
}

export function twoWayBootstrap(data: CrossedTrials, resamples: number, random: RandomSource): Float64Array {
  const participants = data.start.length - 1;
  const { image, fooled, images, start } = data;
  if (participants < 1 || images < 1) throw new RangeError('two-way bootstrap needs at least one participant and one image');
  if (start[participants] !== image.length || fooled.length !== image.length) {
    throw new RangeError('two-way bootstrap: start, image and fooled disagree on the number of trials');
  }
  // Reorder each participant's images with the fooled trials first, so that the inner loops
  // only sum image weights: Σ_fooled V and Σ_all V per participant, no multiplications.
  const order = new Int32Array(image.length);
  const fooledEnd = new Int32Array(participants);
  for (let p = 0; p < participants; p++) {
    let k = start[p];
    for (let t = start[p]; t < start[p + 1]; t++) if (fooled[t]) order[k++] = image[t];
    fooledEnd[p] = k;
    for (let t = start[p]; t < start[p + 1]; t++) if (!fooled[t]) order[k++] = image[t];
  }
  const w = new Int32Array(participants);
  const v = new Int32Array(images);
  const out = new Float64Array(resamples);
  for (let b = 0; b < resamples; b++) {
    // A resample in which no drawn participant saw a drawn image has no trials: draw again.
    // It happens only with very sparse designs (few trials per participant over many images).
    for (let attempt = 0; ; attempt++) {
      if (attempt === 1000) throw new Error('two-way bootstrap: resamples keep missing every trial (too few trials per image)');
      w.fill(0);
      v.fill(0);
      for (let j = 0; j < participants; j++) w[Math.floor(random() * participants)]++;
      for (let j = 0; j < images; j++) v[Math.floor(random() * images)]++;
      let num = 0;
      let den = 0;
      for (let p = 0; p < participants; p++) {
        const wp = w[p];
        if (wp === 0) continue;
        let fooledWeight = 0;
        let otherWeight = 0;
        const split = fooledEnd[p];
        const end = start[p + 1];
        let t = start[p];
        for (; t < split; t++) fooledWeight += v[order[t]];
        for (; t < end; t++) otherWeight += v[order[t]];
        num += wp * fooledWeight;
        den += wp * (fooledWeight + otherWeight);
      }
      if (den > 0) {
        out[b] = num / den;
        break;
      }
    }
  }
  return out;
}
