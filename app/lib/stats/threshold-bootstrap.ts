/**
 * Bootstraps of HYPE_time, the mean of participants' staircase thresholds (modal exposures).
 *
 * Over participants: resample participants with replacement, average their thresholds.
 *
 * Over participants and images (pigeonhole, as twoWayBootstrap does for rates; Owen 2007):
 * draw participants (weights W_p) and images (weights V_i) with replacement; each drawn
 * participant's threshold is retaken as the mode of the exposures of their counted trials,
 * each trial weighted by V of its image (ties: mean of the tied levels, as in the plain
 * mode); the replicate is Σ W_p t_p / Σ W_p over the participants left with a positive
 * weight. It asks how much the score leans on the particular photos that happened to fall
 * at the counted levels. The staircase itself is not re-run: the levels shown depended on
 * the answers given, which a resample cannot change.
 */
import type { RandomSource } from '../random';

/** One participant's counted staircase trials: their levels and image indices. */
export interface CountedStaircase {
  levels: readonly number[];
  images: readonly number[];
}

export function thresholdParticipantBootstrap(thresholds: Float64Array, resamples: number, random: RandomSource): Float64Array {
  const n = thresholds.length;
  if (n === 0) throw new RangeError('a threshold bootstrap needs at least one participant');
  const out = new Float64Array(resamples);
  for (let b = 0; b < resamples; b++) {
    let sum = 0;
    for (let j = 0; j < n; j++) sum += thresholds[Math.floor(random() * n)];
    out[b] = sum / n;
  }
  return out;
}

export function thresholdTwoWayBootstrap(staircases: readonly CountedStaircase[], images: number, resamples: number, random: RandomSource): Float64Array {
  const P = staircases.length;
  if (P === 0 || images < 1) throw new RangeError('a two-way threshold bootstrap needs at least one participant and one image');
  // Per participant: distinct levels, and each trial's level index, so a replicate tallies into a small array.
  const prepared = staircases.map((s) => {
    if (s.levels.length !== s.images.length || s.levels.length === 0) throw new RangeError('each staircase needs one image per counted trial, and at least one trial');
    const distinct = [...new Set(s.levels)];
    const index = new Map(distinct.map((l, i) => [l, i]));
    return { distinct, levelOf: Int32Array.from(s.levels, (l) => index.get(l)!), images: Int32Array.from(s.images), tally: new Float64Array(distinct.length) };
  });
  const w = new Int32Array(P);
  const v = new Int32Array(images);
  const out = new Float64Array(resamples);
  for (let b = 0; b < resamples; b++) {
    for (let attempt = 0; ; attempt++) {
      if (attempt === 1000) throw new Error('two-way threshold bootstrap: resamples keep missing every counted trial (too few trials per image)');
      w.fill(0);
      v.fill(0);
      for (let j = 0; j < P; j++) w[Math.floor(random() * P)]++;
      for (let j = 0; j < images; j++) v[Math.floor(random() * images)]++;
      let num = 0;
      let den = 0;
      for (let p = 0; p < P; p++) {
        if (w[p] === 0) continue;
        const s = prepared[p];
        s.tally.fill(0);
        for (let t = 0; t < s.levelOf.length; t++) s.tally[s.levelOf[t]] += v[s.images[t]];
        let top = 0;
        for (const x of s.tally) if (x > top) top = x;
        if (top === 0) continue;
        let sum = 0;
        let tied = 0;
        for (let l = 0; l < s.tally.length; l++) {
          if (s.tally[l] === top) {
            sum += s.distinct[l];
            tied++;
          }
        }
        num += w[p] * (sum / tied);
        den += w[p];
      }
      if (den > 0) {
        out[b] = num / den;
        break;
      }
    }
  }
  return out;
}
