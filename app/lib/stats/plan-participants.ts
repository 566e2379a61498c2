/**
 * How many participants per method a study needs to detect a given difference in fooling
 * rate, found by simulation (seeded), so that researchers size a study before paying for it.
 *
 * Model: two methods, each with N participants (a between-participants design, as Zhang et
 * al.'s); participant i of method g fools with probability p_i ~ Beta with mean p_g and
 * intra-participant correlation ρ (a = p(1/ρ - 1), b = (1 - p)(1/ρ - 1); p_i = p_g when ρ = 0),
 * and answers m trials, fooled ~ Binomial(m, p_i). Each simulated study is analysed with a
 * two-sided Wald test of the pooled rates whose variances are the cluster-robust (ratio
 * estimator) ones, v = N/(N-1) Σ (k_i - p̂ n_i)² / (Σ n_i)², a test that respects clustering as
 * the study's own analysis does. Power is the share of studies in which it rejects at α; the
 * answer is the smallest N whose simulated power reaches the target (binary search; each N
 * has its own seeded stream, so the answer is reproducible).
 *
 * With ρ = 0 this agrees with the closed form (twoProportionSampleSize) up to simulation
 * error; with ρ > 0 the closed form's design effect is an approximation the simulation checks.
 */
import { deriveSeed, seededRandom, type RandomSource } from '../random';
import { randomBeta } from './random-beta';
import { randomBinomial } from './random-binomial';
import { standardNormalQuantile } from './standard-normal-quantile';
import { StatsInputError } from './stats-input-error';
import { twoProportionSampleSize, type SampleSize } from './two-proportion-sample-size';

/**
 * Default intra-participant correlation, from Zhang et al.'s reported uncertainty: their ±2.2%
 * (40 participants x 40 trials, rate 32.3%) against the binomial √(0.323 · 0.677 / 1600) = 1.17%
 * is a variance ratio (design effect) of (2.2 / 1.17)² = 3.54 = 1 + 39 ρ, so ρ ≈ 0.065. Their ±
 * came from a two-stage bootstrap, which counts within-participant noise twice; read that way
 * ρ ≈ 0.04. The larger value errs towards more participants.
 */
export const DEFAULT_ICC = 0.065;
export const DEFAULT_SIMULATIONS = 2000;

export interface PlanOptions {
  /** fooling rates of the two methods to tell apart, e.g. 0.32 and 0.40 */
  p1: number;
  p2: number;
  /** test trials per participant and method (default 40, Zhang's) */
  trialsPerParticipant?: number;
  /** intra-participant correlation (default DEFAULT_ICC, or an estimate from pilot data) */
  icc?: number;
  /** two-sided significance level (default 0.05) */
  alpha?: number;
  /** target power (default 0.8) */
  power?: number;
  /** simulated studies per candidate N (default 2000) */
  simulations?: number;
  seed?: number;
  /** give up above this many participants per method (default 20,000) */
  maxParticipants?: number;
}

export interface StudyPlan {
  p1: number;
  p2: number;
  trialsPerParticipant: number;
  icc: number;
  alpha: number;
  power: number;
  simulations: number;
  seed: number;
  closedForm: SampleSize;
  /** smallest N per method whose simulated power reaches the target */
  participantsPerMethod: number;
  /** simulated power at that N, and its Monte Carlo standard error */
  simulatedPower: number;
  simulatedPowerSe: number;
}

interface Resolved {
  p1: number;
  p2: number;
  m: number;
  icc: number;
  critical: number;
  simulations: number;
  seed: number;
}

/** Fooled counts of n simulated participants of one method, into `out`. */
function simulateMethod(n: number, p: number, o: Resolved, random: RandomSource, out: Int32Array): void {
  const scale = 1 / o.icc - 1;
  for (let i = 0; i < n; i++) {
    const pi = o.icc === 0 ? p : randomBeta(p * scale, (1 - p) * scale, random);
    out[i] = randomBinomial(o.m, pi, random);
  }
}

/** Cluster-robust variance of the pooled rate of n participants with m trials each. */
function robustVariance(fooled: Int32Array, n: number, m: number): { rate: number; variance: number } {
  let total = 0;
  for (let i = 0; i < n; i++) total += fooled[i];
  const rate = total / (n * m);
  let ss = 0;
  for (let i = 0; i < n; i++) {
    const r = fooled[i] - rate * m;
    ss += r * r;
  }
  return { rate, variance: (n / (n - 1)) * (ss / ((n * m) * (n * m))) };
}

/** Simulated power with n participants per method. */
function simulatedPower(n: number, o: Resolved): number {
  const random = seededRandom(deriveSeed(o.seed, 'plan', n));
  const a = new Int32Array(n);
  const b = new Int32Array(n);
  let rejections = 0;
  for (let s = 0; s < o.simulations; s++) {
    simulateMethod(n, o.p1, o, random, a);
    simulateMethod(n, o.p2, o, random, b);
    const ra = robustVariance(a, n, o.m);
    const rb = robustVariance(b, n, o.m);
    const diff = Math.abs(ra.rate - rb.rate);
    const se = Math.sqrt(ra.variance + rb.variance);
    // se = 0: every participant answered alike in both groups; any difference is then decisive.
    if (se === 0 ? diff > 0 : diff / se > o.critical) rejections++;
  }
  return rejections / o.simulations;
}

export function planParticipants(options: PlanOptions): StudyPlan {
  const m = options.trialsPerParticipant ?? 40;
  const icc = options.icc ?? DEFAULT_ICC;
  const alpha = options.alpha ?? 0.05;
  const power = options.power ?? 0.8;
  const simulations = options.simulations ?? DEFAULT_SIMULATIONS;
  const seed = options.seed ?? 1;
  const maxParticipants = options.maxParticipants ?? 20_000;
  const { p1, p2 } = options;
  for (const [name, p] of [['p1', p1], ['p2', p2]] as const) {
    if (!(p > 0 && p < 1)) throw new StatsInputError(`${name} must be a fooling rate strictly between 0 and 1, got ${p}`);
  }
  if (p1 === p2) throw new StatsInputError('p1 and p2 are equal: there is no difference to detect');
  if (!Number.isInteger(m) || m < 1 || m > 1000) throw new StatsInputError(`trials per participant must be an integer from 1 to 1000, got ${m}`);
  if (!(icc >= 0 && icc < 1)) throw new StatsInputError(`the intra-participant correlation must be in [0, 1), got ${icc}`);
  if (!(alpha > 0 && alpha < 1)) throw new StatsInputError(`alpha must be between 0 and 1, got ${alpha}`);
  if (!(power > alpha && power < 1)) throw new StatsInputError(`power must be between alpha and 1, got ${power}`);
  if (!Number.isInteger(simulations) || simulations < 100) throw new StatsInputError(`simulations must be an integer >= 100, got ${simulations}`);
  if (!Number.isInteger(seed)) throw new StatsInputError(`the seed must be an integer, got ${seed}`);
  if (!Number.isInteger(maxParticipants) || maxParticipants < 3) throw new StatsInputError(`maxParticipants must be an integer >= 3, got ${maxParticipants}`);

  const closedForm = twoProportionSampleSize({ p1, p2, trialsPerParticipant: m, icc, alpha, power });
  const resolved: Resolved = { p1, p2, m, icc, critical: standardNormalQuantile(1 - alpha / 2), simulations, seed };
  const cache = new Map<number, number>();
  const powerAt = (n: number) => {
    if (!cache.has(n)) cache.set(n, simulatedPower(n, resolved));
    return cache.get(n)!;
  };
  // Bracket the answer: lo fails (or is the minimum of 2), hi reaches the target.
  let hi = Math.min(maxParticipants, Math.max(3, Math.ceil(closedForm.participantsPerMethod * 1.5)));
  while (powerAt(hi) < power) {
    if (hi >= maxParticipants) {
      throw new StatsInputError(`more than ${maxParticipants} participants per method would be needed; consider a larger difference or more trials per participant`);
    }
    hi = Math.min(maxParticipants, hi * 2);
  }
  let lo = 2;
  if (powerAt(lo) >= power) hi = lo;
  while (hi - lo > 1) {
    const mid = (lo + hi) >>> 1;
    if (powerAt(mid) >= power) hi = mid;
    else lo = mid;
  }
  const achieved = powerAt(hi);
  return {
    p1,
    p2,
    trialsPerParticipant: m,
    icc,
    alpha,
    power,
    simulations,
    seed,
    closedForm,
    participantsPerMethod: hi,
    simulatedPower: achieved,
    simulatedPowerSe: Math.sqrt((achieved * (1 - achieved)) / simulations),
  };
}
