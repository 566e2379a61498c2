import { describe, expect, it } from 'vitest';
import { analyseStudy } from '../../../../app/lib/stats/analyse-study';
import { StatsInputError } from '../../../../app/lib/stats/stats-input-error';
import { simulateStudyRows } from '../../../../app/lib/stats/simulate-study-rows';
import { seededRandom, shuffled } from '../../../../app/lib/random';
import type { TrialRow } from '../../../../app/lib/trials/trial-row';
import type { StudyAnalysis } from '../../../../app/lib/stats/study-analysis';

/** A 2AFC row: `fooled` decides the choice. */
function row(participant: string, session: number, trialIndex: number, kind: TrialRow['kind'], method: string, image: string, fooled: boolean, rtMs = 1000): TrialRow {
  return {
    study: 'demo', protocol: '2afc', participant, session, trialIndex, kind, method, image,
    realSide: 'left', showsReal: null, choice: fooled ? 'left' : 'right', correct: !fooled, fooled,
    rtMs, exposureMs: 1000, firstOnsetMs: null, firstOffsetMs: null, secondOnsetMs: null, secondOffsetMs: null,
    optionsOnsetMs: null, respondedAt: null, servedAt: null, source: null, focusLosses: null, fullscreenExits: null,
  };
}

/** One participant: a practice trial, test trials (fooled pattern over images im0, im1, ...), then attention checks. */
function participant(id: string, session: number, method: string, fooled: boolean[], checks: boolean[], rt = 1000): TrialRow[] {
  const rows = [row(id, session, 0, 'practice', method, 'practice', true)];
  fooled.forEach((f, i) => rows.push(row(id, session, 1 + i, 'test', method, `im${i}`, f, rt + 100 * i)));
  checks.forEach((c, i) => rows.push(row(id, session, 1 + fooled.length + i, 'attention', 'random', `im${9 + i}`, !c)));
  return rows;
}

// A: p1 fooled 2/4, p2 1/4; B: p3 0/4, p4 3/4, p6 1/4 (no checks); p5 (A, 4/4 fooled) fails the checks.
const small = [
  ...participant('p1', 0, 'A', [true, false, true, false], [true, true, true, true]),
  ...participant('p2', 1, 'A', [false, false, true, false], [true, true, true, false]),
  ...participant('p3', 2, 'B', [false, false, false, false], [true, true, true, true], 2000),
  ...participant('p4', 3, 'B', [true, true, false, true], [true, true, true, true]),
  ...participant('p5', 4, 'A', [true, true, true, true], [false, true, false, true]),
  ...participant('p6', 5, 'B', [false, true, false, false], []),
];

function findNaN(value: unknown, path = '$'): string | null {
  if (typeof value === 'number') return Number.isFinite(value) ? null : path;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = findNaN(value[i], `${path}[${i}]`);
      if (found) return found;
    }
  } else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      const found = findNaN(v, `${path}.${k}`);
      if (found) return found;
    }
  }
  return null;
}

describe('analyseStudy on a hand-checked study', () => {
  const a = analyseStudy(small, { resamples: 500, seed: 3 });

  it('counts test trials of kept participants only', () => {
    expect(a.totals).toEqual({
      rows: 6 * 5 + 5 * 4, practiceTrials: 6, attentionTrials: 20, testTrials: 24, analysedTrials: 20,
      participants: 6, keptParticipants: 5, excludedParticipants: 1, excludedForAttention: 1, excludedForFastAnswers: 0, participantsWithoutChecks: 1, methods: 2, images: 4,
    });
    const [A, B] = a.methods;
    expect([A.method, A.trials, A.fooled, A.participants, A.images, A.foolingRate]).toEqual(['A', 8, 3, 2, 4, 3 / 8]);
    expect([B.method, B.trials, B.fooled, B.participants, B.images, B.foolingRate]).toEqual(['B', 12, 4, 3, 4, 4 / 12]);
    expect(A.binomialSe).toBeCloseTo(Math.sqrt((3 / 8) * (5 / 8) / 8), 15);
    // Few participants: the figures come with a warning.
    expect(A.note).toMatch(/only 2 participant\(s\)/);
  });

  it('reports exclusions and says the analysis ran on the kept participants', () => {
    const p5 = a.participants.find((p) => p.participant === 'p5')!;
    expect(p5).toMatchObject({ excluded: true, attentionCorrect: 2, attentionTrials: 4, testTrials: 4, fooled: 4, foolingRate: 1, session: 4, methods: ['A'] });
    expect(p5.reason).toBe('attention checks 2/4 correct, below the threshold 0.75');
    expect(a.participants.find((p) => p.participant === 'p2')).toMatchObject({ excluded: false, attentionAccuracy: 0.75 });
    expect(a.participants.find((p) => p.participant === 'p6')).toMatchObject({ excluded: false, reason: 'no attention trials (kept)' });
    expect(a.notes[0]).toBe('Analysed 5 of 6 participants: 1 excluded for attention-check accuracy below 0.75.');
    expect(a.notes[1]).toBe('1 kept participant(s) saw no attention trial and could not be checked.');
  });

  it('breaks fooling rates down by image and method', () => {
    // im0: A p1 fooled, p2 not; B p3 not, p4 fooled, p6 not.
    expect(a.images[0]).toEqual({
      image: 'im0', trials: 5, fooled: 2, foolingRate: 0.4,
      byMethod: [{ method: 'A', trials: 2, fooled: 1, foolingRate: 0.5 }, { method: 'B', trials: 3, fooled: 1, foolingRate: 1 / 3 }],
    });
    expect(a.images.map((i) => i.image)).toEqual(['im0', 'im1', 'im2', 'im3']);
  });

  it('summarises response times overall and for fooled vs not fooled trials', () => {
    // Kept test trials: p3's times are 2000..2300, everyone else's 1000..1300; fooled ones are
    // p1 im0 (1000), p1 im2 (1200), p2 im2 (1200), p4 im0, im1, im3 (1000, 1100, 1300), p6 im1 (1100).
    expect(a.responseTimes.fooled).toEqual({ n: 7, median: 1100, q1: 1050, q3: 1200, iqr: 150 });
    expect(a.responseTimes.all.n).toBe(20);
    expect(a.responseTimes.notFooled.n).toBe(13);
    // B: 1000, 1000, 1100, 1100, 1200, 1200, 1300, 1300, 2000, 2100, 2200, 2300 -> median (1200 + 1300) / 2.
    expect(a.methods[1].responseTimes.median).toBe(1250);
  });

  it('compares the methods with a between-participants design', () => {
    expect(a.comparisons).toHaveLength(1);
    const c = a.comparisons[0];
    expect([c.methodA, c.methodB, c.design]).toEqual(['A', 'B', 'between']);
    expect(c.difference).toBeCloseTo(3 / 8 - 1 / 3, 15);
    expect(c.pHolm).toBe(c.pValue);
    expect(c.bootstrap.lower).toBeLessThan(c.difference);
    expect(c.bootstrap.upper).toBeGreaterThan(c.difference);
  });

  it('holds no NaN and survives JSON unchanged', () => {
    expect(findNaN(a)).toBeNull();
    expect(JSON.parse(JSON.stringify(a))).toEqual(a);
    expect(a.meta).toMatchObject({ seed: 3, resamples: 500, permutations: 500, confidence: 0.95, study: 'demo', references: { chance: 0.5, zhang: 0.323 } });
    expect(a.meta.version).toMatch(/^\d+\.\d+\.\d+/);
  });
});

describe('analyseStudy reproducibility', () => {
  const rows = simulateStudyRows({
    methods: [{ name: 'zhang', rate: 0.32 }, { name: 'l2', rate: 0.21 }, { name: 'random', rate: 0.13 }],
    participantsPerMethod: 12, trialsPerParticipant: 20, icc: 0.05, attentionTrials: 2, practiceTrials: 2, imageSd: 0.3, images: 60, seed: 9,
  });

  it('gives the same object for the same rows in any order and the same seed', () => {
    const a = analyseStudy(rows, { resamples: 300, seed: 4 });
    const b = analyseStudy(shuffled(rows, seededRandom(1)), { resamples: 300, seed: 4 });
    expect(b).toEqual(a);
    const c = analyseStudy(rows, { resamples: 300, seed: 5 });
    expect(c.methods[0].foolingRate).toBe(a.methods[0].foolingRate);
    expect(c.methods[0].clusterBootstrap).not.toEqual(a.methods[0].clusterBootstrap);
  });

  it('orders methods as asked and applies Holm across the three pairs', () => {
    const a = analyseStudy(rows, { resamples: 300, methods: ['zhang', 'l2', 'random'] });
    expect(a.methods.map((m) => m.method)).toEqual(['zhang', 'l2', 'random']);
    expect(a.comparisons.map((c) => `${c.methodA}-${c.methodB}`)).toEqual(['zhang-l2', 'zhang-random', 'l2-random']);
    const sorted = [...a.comparisons].sort((x, y) => x.pValue - y.pValue);
    expect(sorted[0].pHolm).toBeCloseTo(Math.min(1, 3 * sorted[0].pValue), 15);
    expect(sorted[1].pHolm).toBeGreaterThanOrEqual(sorted[0].pHolm);
    expect(a.methods[0].designEffect).toBeGreaterThanOrEqual(1);
  });

  it('reports progress: two bootstraps per method, then one step per comparison', () => {
    const calls: [number, number, string][] = [];
    analyseStudy(rows, { resamples: 50, onProgress: (done, total, step) => calls.push([done, total, step]) });
    expect(calls.map((c) => c[0])).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(calls.every((c) => c[1] === 3 * 2 + 3)).toBe(true);
    expect(calls[0][2]).toBe('cluster bootstrap: l2');
    expect(calls[8][2]).toBe('comparison: random vs zhang');
  });

  it('treats a balanced mix of methods as a within-participants design', () => {
    const mixed = simulateStudyRows({
      methods: [{ name: 'x', rate: 0.35 }, { name: 'y', rate: 0.2 }], participantsPerMethod: 20, trialsPerParticipant: 20,
      icc: 0.05, design: 'within', seed: 10,
    });
    const a = analyseStudy(mixed, { resamples: 400 });
    expect(a.comparisons[0].design).toBe('within');
    expect(a.methods.map((m) => m.participants)).toEqual([20, 20]);
    expect(a.participants[0].methods).toEqual(['x', 'y']);
  });
});

describe('analyseStudy: who counts as analysed, and the fast-answer rule', () => {
  it('counts a participant who answered practice trials only neither as kept nor as excluded (the header agrees with the chart)', () => {
    const a = analyseStudy([...small, row('p7', 6, 0, 'practice', 'A', 'practice', false)], { resamples: 200, seed: 3 });
    expect(a.totals).toMatchObject({ participants: 6, keptParticipants: 5, excludedParticipants: 1 });
    // The chart's participants per method add up to the kept count (one method each).
    expect(a.methods.reduce((n, m) => n + m.participants, 0)).toBe(a.totals.keptParticipants);
    expect(a.notes).toContain('1 participant(s) answered practice trials only: not counted.');
    expect(a.participants.map((p) => p.participant)).not.toContain('p7');
  });

  it('does not count as kept a participant whose only test-block answers are attention checks', () => {
    const checksOnly = [row('p8', 7, 0, 'attention', 'random', 'im9', false)];
    const a = analyseStudy([...small, ...checksOnly], { resamples: 200, seed: 3 });
    expect(a.totals).toMatchObject({ participants: 7, keptParticipants: 5, excludedParticipants: 1 });
    expect(a.notes).toContain('1 participant(s) answered attention checks but no test trial yet: not counted.');
  });

  it('excludes participants by the fast-answer rule when the study sets a share, and says so', () => {
    // p4's four test answers at 100 ms: 4 of its 8 test-block answers fast (50%).
    const fast = small.map((r) => (r.participant === 'p4' && r.kind === 'test' ? { ...r, rtMs: 100 } : r));
    const flagOnly = analyseStudy(fast, { resamples: 200, seed: 3, fastRule: { minRtMs: 200, maxFastShare: null } });
    expect(flagOnly.totals.keptParticipants).toBe(5);
    expect(flagOnly.participants.find((p) => p.participant === 'p4')).toMatchObject({ excluded: false, fastAnswers: 4, reason: '4 of 8 test answers faster than 200 ms' });
    const a = analyseStudy(fast, { resamples: 200, seed: 3, fastRule: { minRtMs: 200, maxFastShare: 0.25 } });
    expect(a.totals).toMatchObject({ keptParticipants: 4, excludedParticipants: 2, excludedForAttention: 1, excludedForFastAnswers: 1, analysedTrials: 16 });
    expect(a.meta.fastRule).toEqual({ minRtMs: 200, maxFastShare: 0.25 });
    expect(a.participants.find((p) => p.participant === 'p4')).toMatchObject({ excluded: true, excludedBy: ['fast'] });
    expect(a.notes[0]).toBe('Analysed 4 of 6 participants: 2 excluded (1 for attention-check accuracy below 0.75; 1 for more than 25% of their test answers faster than 200 ms).');
    // B without p4: p3 0/4 and p6 1/4.
    expect(a.methods.find((m) => m.method === 'B')).toMatchObject({ trials: 8, fooled: 1, participants: 2 });
  });
});

describe('analyseStudy on bad input', () => {
  const expectError = (f: () => unknown, message: RegExp) => {
    expect(f).toThrow(StatsInputError);
    expect(f).toThrow(message);
  };

  it('explains what is missing instead of returning NaN', () => {
    expectError(() => analyseStudy([]), /no trials to analyse/);
    expectError(() => analyseStudy(small.filter((r) => r.kind !== 'test')), /no test trials to analyse \(the 26 answered trials are practice or attention checks\)/);
    const failing = small.map((r) => (r.kind === 'attention' ? { ...r, correct: false, fooled: true, choice: 'left' as const } : r)).filter((r) => r.participant !== 'p6');
    expectError(() => analyseStudy(failing), /all 5 participants were excluded by the attention rule \(accuracy below 0.75\)/);
    expectError(() => analyseStudy(small.map((r) => (r.participant === 'p1' ? { ...r, study: 'other' } : r))), /2 studies \(demo, other\)/);
    expectError(() => analyseStudy(small.map((r) => ({ ...r, protocol: 'hype-time' as const }))), /2AFC protocol only/);
    expectError(() => analyseStudy(small, { methods: ['A'] }), /not in the method list: B/);
    expectError(() => analyseStudy(small, { resamples: 1 }), /resamples must be an integer >= 2/);
    expectError(() => analyseStudy(small, { attentionThreshold: 2 }), /attention threshold must be between 0 and 1/);
  });

  it('reports a method without test trials with null figures and a note', () => {
    const a: StudyAnalysis = analyseStudy(small, { resamples: 200, methods: ['A', 'B', 'coherent'] });
    const empty = a.methods[2];
    expect(empty).toMatchObject({ method: 'coherent', trials: 0, foolingRate: null, wilson: null, clusterBootstrap: null, note: 'no test trials' });
    expect(a.notes).toContain('Method "coherent" has no test trials from kept participants: no figures.');
    expect(a.comparisons.map((c) => c.methodA + c.methodB)).toEqual(['AB']);
    expect(findNaN(a)).toBeNull();
  });
});
