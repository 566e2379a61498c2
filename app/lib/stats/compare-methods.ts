/**
 * Every pair of methods (with trials): the difference in fooling rate, its bootstrap
 * interval, a permutation p-value that respects clustering, and Holm's adjustment across the
 * pairs. The design decides the resampling: when no participant saw both methods
 * ("between", as in Zhang et al.), the per-method cluster bootstraps are independent and their
 * replicates are subtracted, and whole participants are permuted between the methods; when
 * some saw both ("within"), participants are resampled jointly and method labels are
 * permuted within participants.
 */
import { deriveSeed, seededRandom } from '../random';
import { bootstrapSummary } from './bootstrap-summary';
import { holmAdjust } from './holm-adjust';
import { pairedClusterBootstrap } from './paired-cluster-bootstrap';
import type { PairCounts } from './pair-counts';
import { participantPermutationTest } from './participant-permutation-test';
import type { Comparison } from './study-analysis';
import { compareText } from './compare-text';
import { withinParticipantPermutationTest } from './within-participant-permutation-test';

export interface MethodCounts {
  method: string;
  foolingRate: number;
  /** participant id -> their test trials and fooled count in this method */
  byParticipant: ReadonlyMap<string, { trials: number; fooled: number }>;
  /** this method's cluster bootstrap replicates (drawn from its own seeded stream) */
  replicates: Float64Array;
}

export interface CompareOptions {
  seed: number;
  resamples: number;
  permutations: number;
  confidence: number;
  /** called after each pair, for progress reports */
  onPair?: (methodA: string, methodB: string) => void;
}

export function compareMethods(methods: readonly MethodCounts[], o: CompareOptions): Comparison[] {
  const raw: Omit<Comparison, 'pHolm' | 'significant'>[] = [];
  for (let i = 0; i < methods.length; i++) {
    for (let j = i + 1; j < methods.length; j++) {
      const a = methods[i];
      const b = methods[j];
      const ids = [...new Set([...a.byParticipant.keys(), ...b.byParticipant.keys()])].sort(compareText);
      const pair: PairCounts = {
        trialsA: Int32Array.from(ids, (id) => a.byParticipant.get(id)?.trials ?? 0),
        fooledA: Int32Array.from(ids, (id) => a.byParticipant.get(id)?.fooled ?? 0),
        trialsB: Int32Array.from(ids, (id) => b.byParticipant.get(id)?.trials ?? 0),
        fooledB: Int32Array.from(ids, (id) => b.byParticipant.get(id)?.fooled ?? 0),
      };
      const within = ids.some((id) => a.byParticipant.has(id) && b.byParticipant.has(id));
      const testRandom = seededRandom(deriveSeed(o.seed, 'permutation-test', a.method, b.method));
      const differences = within
        ? pairedClusterBootstrap(pair, o.resamples, seededRandom(deriveSeed(o.seed, 'paired-bootstrap', a.method, b.method)))
        : a.replicates.map((x, r) => x - b.replicates[r]);
      raw.push({
        methodA: a.method,
        methodB: b.method,
        design: within ? 'within' : 'between',
        difference: a.foolingRate - b.foolingRate,
        bootstrap: bootstrapSummary(differences, o.confidence),
        pValue: within
          ? withinParticipantPermutationTest(pair, o.permutations, testRandom)
          : participantPermutationTest(pair, o.permutations, testRandom),
      });
      o.onPair?.(a.method, b.method);
    }
  }
  const adjusted = holmAdjust(raw.map((c) => c.pValue));
  return raw.map((c, i) => ({ ...c, pHolm: adjusted[i], significant: adjusted[i] < 1 - o.confidence }));
}
