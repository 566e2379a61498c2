/**
 * Each participant's staircase per method, read back from trial rows (hype-time): the test
 * trials of that participant and method in the order shown, with their exposures, answers and
 * measured display times, summarised as app/lib/hype/staircase.ts defines (modal exposure
 * after the first reversal). Attention checks are not part of any staircase. Records are
 * sorted by session, then method name.
 */
import { summariseExposures } from '../hype/staircase';
import type { TrialRow } from '../trials/trial-row';
import { compareText } from './compare-text';
import type { StaircaseRecord } from './hype-analysis';
import { StatsInputError } from './stats-input-error';

export function staircaseRecords(rows: readonly TrialRow[]): Omit<StaircaseRecord, 'counted' | 'reason'>[] {
  const groups = new Map<string, TrialRow[]>();
  for (const r of rows) {
    if (r.kind !== 'test') continue;
    if (r.exposureMs === null) {
      throw new StatsInputError(`participant "${r.participant}", trial ${r.trialIndex}: a hype-time test trial needs its exposureMs (the staircase level it was shown at)`);
    }
    const key = `${r.participant}\u0000${r.method}`;
    groups.set(key, [...(groups.get(key) ?? []), r]);
  }
  return [...groups.values()]
    .map((list) => {
      const sorted = [...list].sort((a, b) => a.trialIndex - b.trialIndex);
      const summary = summariseExposures(sorted.map((r) => r.exposureMs!));
      const reversals: number[] = [];
      // The same reversals summariseExposures found, as positions within the points, for the plots.
      let last = 0;
      for (let i = 0; i + 1 < sorted.length; i++) {
        const change = Math.sign(sorted[i + 1].exposureMs! - sorted[i].exposureMs!);
        if (change === 0) continue;
        if (last !== 0 && change !== last) reversals.push(i);
        last = change;
      }
      return {
        participant: sorted[0].participant,
        session: sorted[0].session,
        method: sorted[0].method,
        points: sorted.map((r) => ({
          trialIndex: r.trialIndex,
          exposureMs: r.exposureMs!,
          correct: r.correct,
          showsReal: r.showsReal === true,
          image: r.image,
          achievedMs: r.firstOnsetMs !== null && r.firstOffsetMs !== null ? Math.round((r.firstOffsetMs - r.firstOnsetMs) * 1000) / 1000 : null,
        })),
        reversals,
        countedFrom: summary.countedFrom,
        thresholdMs: summary.thresholdMs,
        reversalMeanMs: summary.reversalMeanMs,
        converged: summary.converged,
      };
    })
    .sort((a, b) => a.session - b.session || compareText(a.method, b.method) || compareText(a.participant, b.participant));
}
