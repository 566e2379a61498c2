/**
 * Closed-form sample size to compare two fooling rates with a two-sided z-test of
 * proportions (pooled variance under H0), then inflated by the design effect of clustered
 * trials:
 *   n = (z_(1-α/2) √(2 p̄ (1 - p̄)) + z_(1-β) √(p1 (1 - p1) + p2 (1 - p2)))² / (p1 - p2)²  trials per method,
 *   participants = ⌈n (1 + (m - 1) ρ) / m⌉ with m trials per participant and intra-participant correlation ρ.
 *
 * Reference: J. L. Fleiss, B. Levin & M. C. Paik (2003), Statistical Methods for Rates and
 * Proportions (3rd ed.), eq. 4.14 (without continuity correction); A. Donner & N. Klar (2000),
 * Design and Analysis of Cluster Randomization Trials, §5.2 (design effect).
 *
 * @example twoProportionSampleSize({ p1: 0.32, p2: 0.4, trialsPerParticipant: 40, icc: 0 })
 * // => { trialsPerMethod: 564, designEffect: 1, participantsPerMethod: 15 } (trialsPerMethod rounded up)
 */
import { standardNormalQuantile } from './standard-normal-quantile';

export interface SampleSizeInput {
  p1: number;
  p2: number;
  trialsPerParticipant: number;
  icc: number;
  alpha?: number;
  power?: number;
}

export interface SampleSize {
  /** trials per method if trials were independent (ρ = 0), rounded up */
  trialsPerMethod: number;
  designEffect: number;
  participantsPerMethod: number;
}

export function twoProportionSampleSize(input: SampleSizeInput): SampleSize {
  const { p1, p2, trialsPerParticipant: m, icc } = input;
  const alpha = input.alpha ?? 0.05;
  const power = input.power ?? 0.8;
  const za = standardNormalQuantile(1 - alpha / 2);
  const zb = standardNormalQuantile(power);
  const mean = (p1 + p2) / 2;
  const root = za * Math.sqrt(2 * mean * (1 - mean)) + zb * Math.sqrt(p1 * (1 - p1) + p2 * (1 - p2));
  const exact = (root * root) / ((p1 - p2) * (p1 - p2));
  const designEffect = 1 + (m - 1) * icc;
  return { trialsPerMethod: Math.ceil(exact), designEffect, participantsPerMethod: Math.ceil((exact * designEffect) / m) };
}
