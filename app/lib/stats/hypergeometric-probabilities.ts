/**
 * The hypergeometric distribution: P(X = x) for x = max(0, draws - (total - successes)) ..
 * min(draws, successes), X being the successes among `draws` items taken without replacement
 * from `total` items of which `successes` are successes. Returned with the support's first value.
 *
 * @example hypergeometricProbabilities(4, 2, 2) // => { first: 0, pmf: [1/6, 4/6, 1/6] }
 */
import { lnChoose } from './ln-choose';

export function hypergeometricProbabilities(total: number, successes: number, draws: number): { first: number; pmf: Float64Array } {
  for (const [name, v] of [['total', total], ['successes', successes], ['draws', draws]] as const) {
    if (!Number.isInteger(v) || v < 0) throw new RangeError(`hypergeometric ${name} must be an integer >= 0, got ${v}`);
  }
  if (successes > total || draws > total) throw new RangeError('hypergeometric successes and draws must not exceed total');
  const first = Math.max(0, draws - (total - successes));
  const last = Math.min(draws, successes);
  const lnAll = lnChoose(total, draws);
  const pmf = new Float64Array(last - first + 1);
  for (let x = first; x <= last; x++) {
    pmf[x - first] = Math.exp(lnChoose(successes, x) + lnChoose(total - successes, draws - x) - lnAll);
  }
  return { first, pmf };
}
