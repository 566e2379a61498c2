/**
 * How simulated participants behave. Each has a fooling probability per method (the chance
 * of taking that method's colorization for the real photo, i.e. picking the real one as
 * fake); a share of them are careless and answer everything at random, attention checks
 * included; attentive ones catch attention checks with `attentionAccuracy`.
 *
 * Single-image (HYPE) trials: with unlimited time a fake of a method is called fake with
 * probability 1 - fool, a real photo called real with `realAccuracy`; with a limited exposure
 * accuracy follows a psychometric function of the exposure (app/lib/hype/psychometric.ts)
 * whose threshold, the exposure at which the staircase's target accuracy is reached, is
 * `thresholdMs[method]` (else `defaultThresholdMs`).
 */
import { psychometric, PsychometricError, weibullScale, type Psychometric, type PsychometricSpec } from '../hype/psychometric';

export interface Behaviour {
  /** Fooling probability per method name; methods not named use `defaultFool`. */
  fool: Record<string, number>;
  defaultFool: number;
  /** Share of participants who answer at random. */
  careless: number;
  /** Probability that an attentive participant identifies an attention check's fake. */
  attentionAccuracy: number;
  /** Log-normal response times: median (ms) and the sd of log(rt). */
  rtMedianMs: number;
  rtLogSd: number;
  /** Single image: probability of calling a real photo real, with unlimited time. */
  realAccuracy: number;
  /** hype-time: threshold exposure (ms) per method name; methods not named use `defaultThresholdMs`. */
  thresholdMs: Record<string, number>;
  defaultThresholdMs: number;
  /** Weibull slope of the psychometric function. */
  slope: number;
  /** The accuracy thresholds are defined at: the study's staircase target (0.794 for its default 3-down rule). */
  thresholdAccuracy: number;
}

export const DEFAULT_BEHAVIOUR: Behaviour = {
  fool: {},
  // Zhang et al.'s full method fooled participants 32.3% of the time.
  defaultFool: 0.3,
  careless: 0,
  attentionAccuracy: 0.95,
  rtMedianMs: 1200,
  rtLogSd: 0.4,
  realAccuracy: 0.85,
  thresholdMs: {},
  defaultThresholdMs: 300,
  slope: 3,
  thresholdAccuracy: 0.5 ** (1 / 3),
};

/** A mistake in a --fool specification or a probability, for the CLI to print. */
export class BehaviourError extends Error {}

function probability(name: string, text: string): number {
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value) || value < 0 || value > 1) {
    throw new BehaviourError(`${name} must be a probability between 0 and 1, got "${text}"`);
  }
  return value;
}

/** Parses "zhang=0.3,coherent=0.35" into { zhang: 0.3, coherent: 0.35 }. */
export function parseFoolSpec(spec: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const part of spec.split(',').map((p) => p.trim()).filter(Boolean)) {
    const eq = part.lastIndexOf('=');
    if (eq <= 0) throw new BehaviourError(`--fool expects method=probability pairs separated by commas, e.g. zhang=0.3,coherent=0.35; got "${part}"`);
    const method = part.slice(0, eq).trim();
    if (method in out) throw new BehaviourError(`--fool names method "${method}" twice`);
    out[method] = probability(`the fooling probability of ${method}`, part.slice(eq + 1));
  }
  return out;
}

export { probability as parseProbability };

/** Probability that this participant picks the fake in a trial of `kind` showing `method`. */
export function pickFakeProbability(b: Behaviour, careless: boolean, kind: string, method: string): number {
  if (careless) return 0.5;
  if (kind === 'attention') return b.attentionAccuracy;
  return 1 - (b.fool[method] ?? b.defaultFool);
}

/** Parses "zhang=250,coherent=400" into exposure thresholds in ms. */
export function parseThresholdSpec(spec: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const part of spec.split(',').map((p) => p.trim()).filter(Boolean)) {
    const eq = part.lastIndexOf('=');
    if (eq <= 0) throw new BehaviourError(`--threshold expects method=milliseconds pairs separated by commas, e.g. zhang=250,coherent=400; got "${part}"`);
    const method = part.slice(0, eq).trim();
    const text = part.slice(eq + 1);
    const value = Number(text);
    if (text.trim() === '' || !Number.isFinite(value) || value <= 0) throw new BehaviourError(`the threshold of ${method} must be a positive number of ms, got "${text}"`);
    if (method in out) throw new BehaviourError(`--threshold names method "${method}" twice`);
    out[method] = value;
  }
  return out;
}

/** The psychometric spec of a method's trials for this behaviour. */
export function methodSpec(b: Behaviour, method: string): PsychometricSpec {
  return {
    thresholdMs: b.thresholdMs[method] ?? b.defaultThresholdMs,
    target: b.thresholdAccuracy,
    slope: b.slope,
    fakeAccuracy: 1 - (b.fool[method] ?? b.defaultFool),
    realAccuracy: b.realAccuracy,
  };
}

/**
 * Why a method's threshold cannot be reached with this behaviour (its accuracy with unlimited
 * time, averaged over real and fake photos, is not above the target), or null when it can.
 */
export function unreachableThreshold(b: Behaviour, method: string): string | null {
  try {
    weibullScale(methodSpec(b, method));
    return null;
  } catch (e) {
    if (e instanceof PsychometricError) return e.message;
    throw e;
  }
}

/** The method's psychometric function; when its threshold cannot be reached, a Weibull scale of the threshold itself. */
function curve(spec: PsychometricSpec): Psychometric {
  try {
    return psychometric(spec);
  } catch (e) {
    if (!(e instanceof PsychometricError)) throw e;
    // Accuracy then rises towards an asymptote below the target, and the staircase runs to its longest exposure.
    return (t, showsReal) => {
      const asymptote = showsReal ? spec.realAccuracy : spec.fakeAccuracy;
      const w = t === null ? 1 : 1 - Math.exp(-((t / spec.thresholdMs) ** spec.slope));
      return 0.5 + (asymptote - 0.5) * w;
    };
  }
}

/**
 * Probability that this participant answers a single-image trial correctly. Attention checks,
 * and qualification fakes drawn from them (`attentionMethod`), are caught with
 * attentionAccuracy at any exposure: random colours do not need a long look.
 */
export function singleImageCorrectProbability(b: Behaviour, careless: boolean, kind: string, method: string, attentionMethod: boolean): Psychometric {
  if (careless) return () => 0.5;
  if (kind === 'attention') return () => b.attentionAccuracy;
  const own = curve(methodSpec(b, method));
  if (!attentionMethod) return own;
  return (t, showsReal) => (showsReal ? own(t, true) : b.attentionAccuracy);
}
