// Permutation tests against complete enumeration of their permutation distributions.
import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../../../app/lib/random';
import { participantPermutationTest } from '../../../../app/lib/stats/participant-permutation-test';
import { withinParticipantPermutationTest } from '../../../../app/lib/stats/within-participant-permutation-test';
import { rateDifference, type PairCounts } from '../../../../app/lib/stats/pair-counts';
import { randomBinomial } from '../../../../app/lib/stats/random-binomial';

const pairOf = (a: [number, number][], b: [number, number][]): PairCounts => ({
  trialsA: Int32Array.from(a, (c) => c[0]),
  fooledA: Int32Array.from(a, (c) => c[1]),
  trialsB: Int32Array.from(b, (c) => c[0]),
  fooledB: Int32Array.from(b, (c) => c[1]),
});

/** All subsets of size k of 0..n-1. */
function subsets(n: number, k: number): number[][] {
  if (k === 0) return [[]];
  if (n < k) return [];
  return [...subsets(n - 1, k), ...subsets(n - 1, k - 1).map((s) => [...s, n - 1])];
}

describe('participantPermutationTest', () => {
  it('agrees with the exact permutation p-value from all C(8, 4) = 70 assignments', () => {
    // Method A: participants 0-3, method B: participants 4-7, unequal trial counts.
    const people: [number, number][] = [[10, 7], [12, 8], [8, 5], [10, 6], [10, 3], [12, 4], [9, 2], [10, 5]];
    const pair = pairOf(
      people.map((c, i) => (i < 4 ? c : [0, 0])),
      people.map((c, i) => (i >= 4 ? c : [0, 0])),
    );
    const observed = Math.abs(rateDifference(pair));
    const sum = (ids: number[], j: 0 | 1) => ids.reduce((s, i) => s + people[i][j], 0);
    const all = subsets(8, 4);
    const extreme = all.filter((a) => {
      const b = [0, 1, 2, 3, 4, 5, 6, 7].filter((i) => !a.includes(i));
      return Math.abs(sum(a, 1) / sum(a, 0) - sum(b, 1) / sum(b, 0)) >= observed - 1e-12;
    }).length;
    const exact = extreme / all.length;
    const permutations = 20_000;
    const p = participantPermutationTest(pair, permutations, seededRandom(21));
    // Monte Carlo SE of the estimate: √(p(1-p)/20000) < 0.0036; allow 4 SE.
    expect(Math.abs(p - exact)).toBeLessThan(4 * Math.sqrt((exact * (1 - exact)) / permutations) + 1 / permutations);
    expect(exact).toBeGreaterThan(0.01);
  });

  it('holds its level under the null: about 5% of null studies reject at 0.05', () => {
    const random = seededRandom(22);
    let rejections = 0;
    const studies = 300;
    for (let s = 0; s < studies; s++) {
      // 12 participants per method, each with their own rate (clustered), the same distribution for A and B.
      const person = (): [number, number] => [20, randomBinomial(20, 0.15 + 0.3 * random(), random)];
      const a = Array.from({ length: 12 }, person);
      const b = Array.from({ length: 12 }, person);
      const pair = pairOf([...a, ...b.map((): [number, number] => [0, 0])], [...a.map((): [number, number] => [0, 0]), ...b]);
      if (participantPermutationTest(pair, 400, random) < 0.05) rejections++;
    }
    // SE of the rejection rate: √(0.05 · 0.95 / 300) = 0.0126; allow 3 SE either side.
    expect(Math.abs(rejections / studies - 0.05)).toBeLessThan(3 * 0.0126);
  });

  it('refuses participants who saw both methods', () => {
    expect(() => participantPermutationTest(pairOf([[5, 1]], [[5, 2]]), 10, seededRandom(1))).toThrow(/exactly one of the two methods/);
  });
});

describe('withinParticipantPermutationTest', () => {
  it('agrees with the exact p-value from enumerating every relabelling within participants', () => {
    // Three participants saw both methods; one saw only A (kept fixed).
    const a: [number, number][] = [[3, 3], [4, 3], [2, 2], [4, 1]];
    const b: [number, number][] = [[3, 1], [4, 1], [3, 1], [0, 0]];
    const pair = pairOf(a, b);
    const observed = Math.abs(rateDifference(pair));
    // Enumerate which of each participant's trials carry the A label: C(total, nA) equally likely choices.
    const na = a.reduce((s, c) => s + c[0], 0);
    const nb = b.reduce((s, c) => s + c[0], 0);
    let outcomes: { ka: number; kb: number; weight: number }[] = [{ ka: a[3][1], kb: 0, weight: 1 }];
    for (let i = 0; i < 3; i++) {
      const total = a[i][0] + b[i][0];
      const responses = Array.from({ length: total }, (_, t) => (t < a[i][1] + b[i][1] ? 1 : 0));
      const next: typeof outcomes = [];
      for (const labelsA of subsets(total, a[i][0])) {
        const ka = labelsA.reduce((s, t) => s + responses[t], 0);
        const kb = responses.reduce((s: number, r) => s + r, 0) - ka;
        for (const o of outcomes) next.push({ ka: o.ka + ka, kb: o.kb + kb, weight: o.weight });
      }
      outcomes = next;
    }
    const exact = outcomes.filter((o) => Math.abs(o.ka / na - o.kb / nb) >= observed - 1e-12).length / outcomes.length;
    const permutations = 20_000;
    const p = withinParticipantPermutationTest(pair, permutations, seededRandom(23));
    expect(Math.abs(p - exact)).toBeLessThan(4 * Math.sqrt((exact * (1 - exact)) / permutations) + 1 / permutations);
    expect(exact).toBeGreaterThan(0.01);
  });

  it('needs someone who saw both methods', () => {
    expect(() => withinParticipantPermutationTest(pairOf([[5, 1], [0, 0]], [[0, 0], [5, 2]]), 10, seededRandom(1))).toThrow(/no participant saw both/);
  });
});
