/**
 * The binomial distribution's probability mass P(X = x), x = 0..n, for X ~ Binomial(n, p),
 * computed in log space (so n in the tens of thousands neither underflows nor overflows).
 *
 * @example binomialProbabilities(2, 0.5) // => Float64Array [0.25, 0.5, 0.25]
 */
import { lnChoose } from './ln-choose';

export function binomialProbabilities(n: number, p: number): Float64Array {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`binomial n must be an integer >= 0, got ${n}`);
  if (!(p >= 0 && p <= 1)) throw new RangeError(`binomial p must be in [0, 1], got ${p}`);
  const out = new Float64Array(n + 1);
  if (p === 0 || p === 1) {
    out[p === 0 ? 0 : n] = 1;
    return out;
  }
  const lp = Math.log(p);
  const lq = Math.log1p(-p);
  for (let x = 0; x <= n; x++) out[x] = Math.exp(lnChoose(n, x) + x * lp + (n - x) * lq);
  return out;
}
