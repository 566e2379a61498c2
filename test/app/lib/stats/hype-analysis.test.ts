/**
 * The single-image (HYPE) analysis against figures worked out by hand: error rates on real and
 * fake trials, exclusions, who stopped at the qualification, staircase thresholds and their
 * mean, display timing; the bootstraps against properties they must have.
 */
import { describe, expect, it } from 'vitest';
import { analyseHypeStudy, binomialTest, exposureAccuracy, formatHypeCsv, formatHypeMarkdown, StatsInputError, thresholdTwoWayBootstrap } from '../../../../app/lib/stats';
import { seededRandom } from '../../../../app/lib/random';
import type { TrialRow } from '../../../../app/lib/trials/trial-row';
import { hypeRow } from '../trials/rows';

/** A row answered right (correct) or wrong, showing the real photo or a fake. */
function answered(participant: string, session: number, trialIndex: number, method: string, showsReal: boolean, right: boolean, over: Partial<TrialRow> = {}): TrialRow {
  const choice = right === showsReal ? 'real' : 'fake';
  return hypeRow(showsReal, choice, { participant, session, trialIndex, method, image: `img${trialIndex}`, ...over });
}

describe('analyseHypeStudy: hype-infinity', () => {
  // p1 (alpha): 4 trials, real R R, fake W R -> 1 error of 4 (a fake called real).
  // p2 (alpha): real W R, fake W W -> 3 errors of 4.
  // p3 (beta): real R, fake R -> 0 of 2; its one attention check right.
  // p4 (beta): test trials, but its two attention checks are wrong -> excluded.
  // p5: qualification trials only -> stopped at the qualification.
  const rows: TrialRow[] = [
    answered('p1', 0, 0, 'alpha', true, true),
    answered('p1', 0, 1, 'alpha', true, true),
    answered('p1', 0, 2, 'alpha', false, false),
    answered('p1', 0, 3, 'alpha', false, true),
    answered('p2', 1, 0, 'alpha', true, false),
    answered('p2', 1, 1, 'alpha', true, true),
    answered('p2', 1, 2, 'alpha', false, false),
    answered('p2', 1, 3, 'alpha', false, false),
    answered('p3', 2, 0, 'beta', true, true),
    answered('p3', 2, 1, 'beta', false, true),
    answered('p3', 2, 2, 'attention', false, true, { kind: 'attention' }),
    answered('p4', 3, 0, 'beta', true, false),
    answered('p4', 3, 1, 'attention', false, false, { kind: 'attention' }),
    answered('p4', 3, 2, 'attention', false, false, { kind: 'attention' }),
    answered('p5', 4, 0, 'attention', true, true, { kind: 'qualification' }),
    answered('p5', 4, 1, 'attention', false, false, { kind: 'qualification' }),
  ];

  it('counts errors on real and fake photos, together and apart, for kept participants', () => {
    const a = analyseHypeStudy(rows, { resamples: 200, seed: 3, qualificationThreshold: 0.75 });
    const alpha = a.methods.find((m) => m.method === 'alpha')!;
    expect(alpha.error).toMatchObject({ trials: 8, errors: 4, rate: 0.5 });
    expect(alpha.fakeError).toMatchObject({ trials: 4, errors: 3, rate: 0.75 });
    expect(alpha.realError).toMatchObject({ trials: 4, errors: 1, rate: 0.25 });
    expect(alpha.error.pVsChance).toBe(binomialTest(4, 8, 0.5));
    expect(alpha.threshold).toBeNull();
    const beta = a.methods.find((m) => m.method === 'beta')!;
    expect(beta.error).toMatchObject({ trials: 2, errors: 0, rate: 0 });
    // Kept: the participants whose test trials are scored (p5 stopped at the qualification and is only listed).
    expect(a.totals).toMatchObject({ participants: 5, excludedParticipants: 1, keptParticipants: 3, stoppedAtQualification: 1, testTrials: 11, analysedTrials: 10 });
    const p5 = a.participants.find((p) => p.participant === 'p5')!;
    expect(p5).toMatchObject({ qualificationTrials: 2, qualificationCorrect: 1, passedQualification: false, testTrials: 0 });
    expect(p5.reason).toMatch(/stopped at the qualification/);
    expect(a.participants.find((p) => p.participant === 'p4')!.excluded).toBe(true);
    expect(a.comparisons).toEqual([expect.objectContaining({ methodA: 'alpha', methodB: 'beta', statistic: 'errorRate', difference: 0.5 })]);
    expect(a.exposure).toBeNull();
  });

  it('is reproducible from its seed, and refuses other protocols', () => {
    expect(analyseHypeStudy(rows, { resamples: 100, seed: 9 })).toEqual(analyseHypeStudy([...rows].reverse(), { resamples: 100, seed: 9 }));
    expect(() => analyseHypeStudy([{ ...rows[0], protocol: '2afc' } as TrialRow])).toThrow(StatsInputError);
  });

  it('writes markdown and a long CSV with the same figures', () => {
    const a = analyseHypeStudy(rows, { resamples: 100 });
    const md = formatHypeMarkdown(a);
    expect(md).toContain('HYPE_infinity per method');
    expect(md).toMatch(/\| alpha \| 2 \| 8 \| 4 \| 50\.0% \|/);
    const csv = formatHypeCsv(a);
    expect(csv).toContain('method,alpha,,,,error_rate,0.5');
    expect(csv).toContain('method,alpha,,,,fake_error_rate,0.75');
    // The fast-answer rule as two plain cells (an object in a cell would read "[object Object]").
    const ruled = formatHypeCsv(analyseHypeStudy(rows, { resamples: 100, fastRule: { minRtMs: 200, maxFastShare: 0.25 } }));
    expect(ruled).toContain('meta,,,,,fast_min_rt_ms,200\n');
    expect(ruled).toContain('meta,,,,,fast_max_share,0.25\n');
    expect(ruled).not.toContain('[object');
  });
});

describe('analyseHypeStudy: hype-time', () => {
  /** A staircase of test trials at these levels, answered right except where the level goes up next. */
  function staircase(participant: string, session: number, method: string, levels: number[]): TrialRow[] {
    return levels.map((level, i) => {
      const right = i + 1 >= levels.length || levels[i + 1] <= level;
      return answered(participant, session, i, method, i % 2 === 0, right, {
        protocol: 'hype-time',
        exposureMs: level,
        firstOnsetMs: 16.7,
        firstOffsetMs: 16.7 + level + (i === 3 ? 16.7 : 0),
        image: `img${i % 4}`,
      });
    });
  }
  // Thresholds by hand (mode after the first reversal):
  // p1: 500 500 500 400 400 400 300 350 350 350 300 350 -> reversals at 6 and 9 -> counted 350 350 350 300 350 -> 350.
  // p2: 500 500 500 400 400 400 500 500 500 400 400 400 -> reversals at 5 (400 -> 500) and 8 (500 -> 400) -> counted 500 500 500 400 400 400 -> tie -> 450.
  // p3: 500 400 300 200 100 100 100 100 100 100 -> never reverses -> all counted -> 100.
  // p4: 500 400 300 -> never reverses -> a three-way tie -> 400.
  const p1 = [500, 500, 500, 400, 400, 400, 300, 350, 350, 350, 300, 350];
  const p2 = [500, 500, 500, 400, 400, 400, 500, 500, 500, 400, 400, 400];
  const p3 = [500, 400, 300, 200, 100, 100, 100, 100, 100, 100];
  const rows = [...staircase('p1', 0, 'alpha', p1), ...staircase('p2', 1, 'alpha', p2), ...staircase('p3', 2, 'beta', p3), ...staircase('p4', 3, 'beta', [500, 400, 300])];

  it('takes each staircase mode and the mean over participants', () => {
    const a = analyseHypeStudy(rows, { resamples: 400, seed: 5 });
    const thresholds = Object.fromEntries(a.staircases.map((s) => [s.participant, s.thresholdMs]));
    expect(thresholds).toEqual({ p1: 350, p2: 450, p3: 100, p4: 400 });
    const alpha = a.methods.find((m) => m.method === 'alpha')!;
    expect(alpha.threshold).toMatchObject({ meanMs: 400, participants: 2, converged: 2 });
    // sd of 350 and 450 = 70.71
    expect(alpha.threshold!.sdMs).toBeCloseTo(70.71, 2);
    const boot = alpha.threshold!.participantBootstrap!;
    expect(boot.lower).toBeGreaterThanOrEqual(350);
    expect(boot.upper).toBeLessThanOrEqual(450);
    // p4's staircase has 3 trials, fewer than the default 10: listed, not counted.
    const beta = a.methods.find((m) => m.method === 'beta')!;
    expect(beta.threshold).toMatchObject({ meanMs: 100, participants: 1, converged: 0 });
    expect(a.staircases.find((s) => s.participant === 'p4')).toMatchObject({ counted: false, reason: 'only 3 test trial(s), fewer than 10' });
    expect(a.comparisons[0]).toMatchObject({ statistic: 'thresholdMs', difference: 300 });
  });

  it('reports requested against achieved exposure', () => {
    const a = analyseHypeStudy(rows, { resamples: 50 });
    // Trial 3 of each staircase that has one (p1, p2, p3) ran one 16.7 ms frame long; all others exactly.
    expect(a.exposure).toMatchObject({ trials: rows.length, measured: rows.length, maxAbsDeviationMs: 16.7, worstDeviationMs: 16.7 });
    expect(a.exposure!.meanDeviationMs).toBeCloseTo((3 * 16.7) / rows.length, 3);
  });
});

describe('exposureAccuracy', () => {
  it('compares offset - onset with the request, per level', () => {
    const e = exposureAccuracy([
      { exposureMs: 100, firstOnsetMs: 16.7, firstOffsetMs: 116.7 },
      { exposureMs: 100, firstOnsetMs: 16.7, firstOffsetMs: 133.4 },
      { exposureMs: 200, firstOnsetMs: 16.7, firstOffsetMs: 200 },
      { exposureMs: 200, firstOnsetMs: null, firstOffsetMs: null },
      { exposureMs: null, firstOnsetMs: 16.7, firstOffsetMs: null },
    ]);
    // deviations: 0, +16.7, -16.7
    expect(e).toMatchObject({ trials: 4, measured: 3, meanDeviationMs: 0, meanAbsDeviationMs: 11.133, maxAbsDeviationMs: 16.7, worstDeviationMs: 16.7 });
    expect(e.byLevel).toEqual([
      { requestedMs: 100, measured: 2, meanAchievedMs: 108.35, maxAbsDeviationMs: 16.7 },
      { requestedMs: 200, measured: 1, meanAchievedMs: 183.3, maxAbsDeviationMs: 16.7 },
    ]);
  });
});

describe('thresholdTwoWayBootstrap', () => {
  it('is the threshold itself when every participant has the same one', () => {
    const s = { levels: [300, 300, 350], images: [0, 1, 2] };
    const r = thresholdTwoWayBootstrap([s, s, s], 3, 500, seededRandom(1));
    // Three image draws: 300 (images 0, 1) against 350 (image 2) cannot tie, so each replicate is one of them.
    expect(new Set(r)).toEqual(new Set([300, 350]));
    // 300 wins unless image 2 is drawn more often than images 0 and 1 together.
    expect(r.filter((x) => x === 300).length).toBeGreaterThan(r.filter((x) => x === 350).length);
  });

  it('with one image, averages resampled participants: replicates centre on the mean threshold', () => {
    const staircases = [300, 400, 500, 600].map((l) => ({ levels: [l, l], images: [0, 0] }));
    const r = thresholdTwoWayBootstrap(staircases, 1, 20_000, seededRandom(2));
    const mean = r.reduce((s, x) => s + x, 0) / r.length;
    // mean 450; SE of a replicate = sd(300..600) / sqrt(4) = 55.9 (population sd 111.8), so the mean of 20,000 is within 2.
    expect(Math.abs(mean - 450)).toBeLessThan(2);
  });
});
