import { describe, expect, it } from 'vitest';
import { targetAccuracy } from '../../../../app/lib/hype/staircase';
import { seededRandom } from '../../../../app/lib/random';
import { BehaviourError, DEFAULT_BEHAVIOUR, parseThresholdSpec, singleImageCorrectProbability, unreachableThreshold } from '../../../../app/lib/simulate/behaviour';
import { nominalSingleImageTiming, singleImage } from '../../../../app/lib/trial-types/single-image';

const b = { ...DEFAULT_BEHAVIOUR, fool: { alpha: 0.1 }, realAccuracy: 0.9, thresholdMs: { alpha: 250 }, attentionAccuracy: 0.97 };

describe('singleImageCorrectProbability', () => {
  it("reaches the staircase's target at the method's threshold, averaged over real and fake", () => {
    const p = singleImageCorrectProbability(b, false, 'test', 'alpha', false);
    expect((p(250, true) + p(250, false)) / 2).toBeCloseTo(targetAccuracy(3), 12);
    // Unlimited time: 1 - fool for fakes, realAccuracy for real photos.
    expect(p(null, false)).toBeCloseTo(0.9, 12);
    expect(p(null, true)).toBeCloseTo(0.9, 12);
    expect(p(0, true)).toBe(0.5);
  });

  it('catches attention checks at any exposure, guesses when careless', () => {
    expect(singleImageCorrectProbability(b, false, 'attention', 'attention', true)(50, false)).toBe(0.97);
    expect(singleImageCorrectProbability(b, false, 'qualification', 'attention', true)(50, false)).toBe(0.97);
    expect(singleImageCorrectProbability(b, true, 'test', 'alpha', false)(1000, true)).toBe(0.5);
  });

  it('says when a threshold cannot be reached, and then stays below the target at any exposure', () => {
    const weak = { ...b, fool: { alpha: 0.5 }, realAccuracy: 0.8 };
    expect(unreachableThreshold(weak, 'alpha')).toMatch(/65\.0% of the time, not above the staircase's target of 79\.4%/);
    expect(unreachableThreshold(b, 'alpha')).toBeNull();
    const p = singleImageCorrectProbability(weak, false, 'test', 'alpha', false);
    expect((p(100_000, true) + p(100_000, false)) / 2).toBeCloseTo(0.65, 6);
  });
});

describe('parseThresholdSpec', () => {
  it('reads method=ms pairs and names mistakes', () => {
    expect(parseThresholdSpec('alpha=250, beta=400.5')).toEqual({ alpha: 250, beta: 400.5 });
    expect(() => parseThresholdSpec('alpha')).toThrow(BehaviourError);
    expect(() => parseThresholdSpec('alpha=-3')).toThrow('the threshold of alpha must be a positive number of ms, got "-3"');
    expect(() => parseThresholdSpec('a=1,a=2')).toThrow('names method "a" twice');
  });
});

describe('singleImage.simulate', () => {
  it('answers right with the given probability (binomial check over 20,000 trials) and reports a perfect display', () => {
    const random = seededRandom(8);
    const params = { image: 'x', exposureMs: 200, maskMs: 300, feedback: false };
    let right = 0;
    const n = 20_000;
    for (let i = 0; i < n; i++) {
      const showsReal = i % 2 === 0;
      const d = singleImage.simulate(params, { showsReal }, { correctProbability: () => 0.7, rtMedianMs: 900, rtLogSd: 0.3 }, random);
      if ((d.choice === 'real') === showsReal) right++;
    }
    // sd of the share = sqrt(0.7 * 0.3 / 20000) = 0.0032; 4 sd = 0.013.
    expect(Math.abs(right / n - 0.7)).toBeLessThan(0.013);
    // 200 ms = 12 frames, 300 ms = 18 frames at 60 Hz, from the first frame after the start.
    const t = nominalSingleImageTiming(params);
    expect(t.firstOnsetMs).toBeCloseTo(16.667, 3);
    expect(t.firstOffsetMs! - t.firstOnsetMs!).toBeCloseTo(200, 3);
    expect(t.maskOnsetMs).toBe(t.firstOffsetMs);
    expect(t.maskOffsetMs! - t.maskOnsetMs!).toBeCloseTo(300, 3);
    expect(t.optionsOnsetMs).toBe(t.maskOffsetMs);
    expect(nominalSingleImageTiming({ exposureMs: null, maskMs: 300 })).toMatchObject({ firstOffsetMs: null, maskOnsetMs: null, optionsOnsetMs: t.firstOnsetMs });
  });
});
