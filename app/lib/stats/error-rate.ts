/**
 * The share of single-image trials answered wrongly (a fake called real, or a real photo
 * called fake), with a Wilson interval (trials as independent) and a two-stage cluster
 * bootstrap over participants (clusterBootstrap: participants, then their trials). HYPE_infinity
 * is this rate over a method's real and fake trials together (Zhou et al. 2019, §3.2).
 */
import type { RandomSource } from '../random';
import type { TrialRow } from '../trials/trial-row';
import { bootstrapSummary } from './bootstrap-summary';
import { clusterBootstrap } from './cluster-bootstrap';
import { compareText } from './compare-text';
import type { ErrorRate } from './hype-analysis';
import { wilsonInterval } from './wilson-interval';

export interface ErrorRateWithReplicates extends ErrorRate {
  /** the participant bootstrap's replicates (null without trials) */
  replicates: Float64Array | null;
}

export function errorRate(rows: readonly Pick<TrialRow, 'participant' | 'correct'>[], resamples: number, confidence: number, random: RandomSource): ErrorRateWithReplicates {
  const byParticipant = new Map<string, { trials: number; errors: number }>();
  for (const r of rows) {
    const p = byParticipant.get(r.participant) ?? { trials: 0, errors: 0 };
    p.trials++;
    if (!r.correct) p.errors++;
    byParticipant.set(r.participant, p);
  }
  const trials = rows.length;
  const errors = rows.filter((r) => !r.correct).length;
  if (trials === 0) return { trials, errors, rate: null, wilson: null, participantBootstrap: null, replicates: null };
  const ids = [...byParticipant.keys()].sort(compareText);
  const replicates = clusterBootstrap(
    Int32Array.from(ids, (id) => byParticipant.get(id)!.trials),
    Int32Array.from(ids, (id) => byParticipant.get(id)!.errors),
    resamples,
    random,
  );
  return {
    trials,
    errors,
    rate: errors / trials,
    wilson: wilsonInterval(errors, trials, confidence),
    participantBootstrap: bootstrapSummary(replicates, confidence),
    replicates,
  };
}
