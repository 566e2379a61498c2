/**
 * Fooling rate per image, overall and per method (methods in the given order), from test
 * trials. Images sorted by name.
 */
import type { TrialRow } from '../trials/trial-row';
import { compareText } from './compare-text';
import type { ImageBreakdown } from './study-analysis';

export function imageBreakdown(test: readonly TrialRow[], methodOrder: readonly string[]): ImageBreakdown[] {
  const cells = new Map<string, Map<string, { trials: number; fooled: number }>>();
  for (const r of test) {
    let m = cells.get(r.image);
    if (!m) cells.set(r.image, (m = new Map()));
    const c = m.get(r.method) ?? { trials: 0, fooled: 0 };
    c.trials++;
    if (r.fooled) c.fooled++;
    m.set(r.method, c);
  }
  return [...cells.keys()].sort(compareText).map((image) => {
    const m = cells.get(image)!;
    const byMethod = methodOrder
      .filter((method) => m.has(method))
      .map((method) => {
        const c = m.get(method)!;
        return { method, trials: c.trials, fooled: c.fooled, foolingRate: c.fooled / c.trials };
      });
    const trials = byMethod.reduce((s, c) => s + c.trials, 0);
    const fooled = byMethod.reduce((s, c) => s + c.fooled, 0);
    return { image, trials, fooled, foolingRate: fooled / trials, byMethod };
  });
}
