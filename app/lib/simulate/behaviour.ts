/**
 * How simulated participants behave. Each has a fooling probability per method (the chance
 * of taking that method's colorization for the real photo, i.e. picking the real one as
 * fake); a share of them are careless and answer everything at random, attention checks
 * included; attentive ones catch attention checks with `attentionAccuracy`.
 */
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
}

export const DEFAULT_BEHAVIOUR: Behaviour = {
  fool: {},
  // Zhang et al.'s full method fooled participants 32.3% of the time.
  defaultFool: 0.3,
  careless: 0,
  attentionAccuracy: 0.95,
  rtMedianMs: 1200,
  rtLogSd: 0.4,
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
