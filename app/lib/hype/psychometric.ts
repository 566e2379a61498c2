/**
 * A psychometric function of exposure time for simulated participants of the single-image
 * protocols: how likely a "real or fake?" answer is right after seeing the image for t ms.
 *
 *   P(correct | t, truth) = 1/2 + (a_truth - 1/2) · W(t),   W(t) = 1 - exp(-(t / τ)^β)
 *
 * At t -> 0 the participant guesses (1/2: two answers); with unlimited time (t = null) they
 * reach their asymptotic accuracy a_truth, which differs for fakes (1 - the method's fooling
 * probability) and for real photos (how often a real photo is called real). W is a Weibull
 * distribution function, the customary shape for accuracy against duration (Quick 1974;
 * Wichmann & Hill 2001, "The psychometric function: I", Perception & Psychophysics 63:1293).
 *
 * The function is specified by its threshold: the exposure at which accuracy averaged over
 * real and fake trials (the staircase sees both, half each) equals `target`, the accuracy the
 * staircase converges to. Solving 1/2 + (ā - 1/2) W(t*) = target for τ:
 *   W(t*) = (target - 1/2) / (ā - 1/2),   τ = t* / (-ln(1 - W(t*)))^(1/β),   ā = (a_fake + a_real) / 2,
 * which needs ā > target (a participant who never reaches the target accuracy has no threshold).
 */

export interface PsychometricSpec {
  /** Exposure (ms) at which the mean accuracy over real and fake trials is `target`. */
  thresholdMs: number;
  /** Accuracy the threshold is defined at (the staircase's target, e.g. 0.794). */
  target: number;
  /** Weibull slope β: larger is steeper. */
  slope: number;
  /** Asymptotic accuracy on fakes: 1 - fooling probability with unlimited time. */
  fakeAccuracy: number;
  /** Asymptotic accuracy on real photos (called real). */
  realAccuracy: number;
}

export type Psychometric = (exposureMs: number | null, showsReal: boolean) => number;

export class PsychometricError extends Error {}

/** The Weibull scale τ (ms) that puts the threshold where the spec says. */
export function weibullScale(spec: PsychometricSpec): number {
  const mean = (spec.fakeAccuracy + spec.realAccuracy) / 2;
  if (!(spec.target > 0.5 && spec.target < 1)) throw new PsychometricError(`the target accuracy must be between 0.5 and 1, got ${spec.target}`);
  if (!(mean > spec.target)) {
    throw new PsychometricError(
      `with unlimited time this participant is right ${(mean * 100).toFixed(1)}% of the time, not above the staircase's target of ${(spec.target * 100).toFixed(1)}%: no exposure reaches it`,
    );
  }
  if (!(spec.thresholdMs > 0)) throw new PsychometricError(`the threshold must be a positive number of ms, got ${spec.thresholdMs}`);
  if (!(spec.slope > 0)) throw new PsychometricError(`the slope must be positive, got ${spec.slope}`);
  const w = (spec.target - 0.5) / (mean - 0.5);
  return spec.thresholdMs / (-Math.log(1 - w)) ** (1 / spec.slope);
}

export function psychometric(spec: PsychometricSpec): Psychometric {
  const tau = weibullScale(spec);
  return (exposureMs, showsReal) => {
    const asymptote = showsReal ? spec.realAccuracy : spec.fakeAccuracy;
    const w = exposureMs === null ? 1 : 1 - Math.exp(-((Math.max(0, exposureMs) / tau) ** spec.slope));
    return 0.5 + (asymptote - 0.5) * w;
  };
}
