/**
 * A Beta(a, b) draw as X / (X + Y) with X ~ Gamma(a), Y ~ Gamma(b); gamma draws by
 * Marsaglia & Tsang's squeeze method, with the boost Gamma(a) = Gamma(a + 1) U^(1/a) for a < 1.
 *
 * Reference: G. Marsaglia & W. W. Tsang (2000), "A simple method for generating gamma
 * variables", ACM TOMS 26:363-372.
 */
import { randomNormal, type RandomSource } from '../random';

function randomGamma(shape: number, random: RandomSource): number {
  if (shape < 1) {
    let u = 0;
    while (u === 0) u = random();
    return randomGamma(shape + 1, random) * Math.pow(u, 1 / shape);
  }
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    let x: number;
    let v: number;
    do {
      x = randomNormal(random);
      v = 1 + c * x;
    } while (v <= 0);
    v = v * v * v;
    const u = random();
    if (u < 1 - 0.0331 * x * x * x * x) return d * v;
    if (Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) return d * v;
  }
}

export function randomBeta(a: number, b: number, random: RandomSource): number {
  if (!(a > 0 && b > 0)) throw new RangeError(`beta draw needs a > 0 and b > 0, got a = ${a}, b = ${b}`);
  const x = randomGamma(a, random);
  const y = randomGamma(b, random);
  return x / (x + y);
}
