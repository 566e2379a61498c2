import { describe, expect, it } from 'vitest';
import { BehaviourError, DEFAULT_BEHAVIOUR, parseFoolSpec, pickFakeProbability } from '../../../../app/lib/simulate/behaviour';
import { summariseLatency } from '../../../../app/lib/simulate/run';
import { seededRandom } from '../../../../app/lib/random';
import { twoAfc, nominalTiming } from '../../../../app/lib/trial-types/two-afc';

describe('parseFoolSpec', () => {
  it('reads method=probability pairs', () => {
    expect(parseFoolSpec('zhang=0.3, coherent=0.35,regression=0')).toEqual({ zhang: 0.3, coherent: 0.35, regression: 0 });
    expect(parseFoolSpec('')).toEqual({});
  });
  it('names the mistake', () => {
    expect(() => parseFoolSpec('zhang')).toThrow(BehaviourError);
    expect(() => parseFoolSpec('zhang=1.5')).toThrow('the fooling probability of zhang must be a probability between 0 and 1, got "1.5"');
    expect(() => parseFoolSpec('zhang=0.1,zhang=0.2')).toThrow('names method "zhang" twice');
    expect(() => parseFoolSpec('zhang=')).toThrow('got ""');
  });
});

describe('pickFakeProbability', () => {
  const b = { ...DEFAULT_BEHAVIOUR, fool: { zhang: 0.32 }, defaultFool: 0.2, attentionAccuracy: 0.9 };
  it('follows the method, the attention rule and carelessness', () => {
    expect(pickFakeProbability(b, false, 'test', 'zhang')).toBeCloseTo(0.68, 12);
    expect(pickFakeProbability(b, false, 'practice', 'other')).toBeCloseTo(0.8, 12);
    expect(pickFakeProbability(b, false, 'attention', 'attention:random-colors')).toBe(0.9);
    expect(pickFakeProbability(b, true, 'attention', 'x')).toBe(0.5);
    expect(pickFakeProbability(b, true, 'test', 'zhang')).toBe(0.5);
  });
});

describe('twoAfc.simulate', () => {
  it('picks the fake with the given probability (binomial check over 20,000 trials)', () => {
    const random = seededRandom(11);
    const params = { presentation: { mode: 'sequential' as const, exposureMs: 1000, gapMs: 600 }, images: ['a', 'b'] as [string, string], feedback: false };
    let fake = 0;
    const n = 20_000;
    for (let i = 0; i < n; i++) {
      const realSide = i % 2 ? 'left' : 'right';
      const d = twoAfc.simulate(params, { realSide }, { pickFake: 0.7, rtMedianMs: 1000, rtLogSd: 0.3 }, random);
      if (d.choice !== realSide) fake++;
      expect(twoAfc.data.safeParse(d).success).toBe(true);
    }
    // sd of the proportion: sqrt(0.7 * 0.3 / 20000) = 0.0032; 5 sd = 0.016.
    expect(Math.abs(fake / n - 0.7)).toBeLessThan(0.016);
  });

  it('reports the nominal frame-aligned timing of the presentation', () => {
    // 60 Hz: 1000 ms = 60 frames, 600 ms = 36 frames; first frame at 16.667 ms.
    const t = nominalTiming({ mode: 'sequential', exposureMs: 1000, gapMs: 600 }, 1000 / 60);
    expect(t.firstOnsetMs).toBeCloseTo(16.667, 3);
    expect(t.firstOffsetMs).toBeCloseTo(1016.667, 3);
    expect(t.secondOnsetMs).toBeCloseTo(1616.667, 3);
    expect(t.secondOffsetMs).toBeCloseTo(2616.667, 3);
    expect(t.optionsOnsetMs).toBeCloseTo(2616.667, 3);
    // 50 ms at 60 Hz rounds up to 3 frames (50.0 ms exactly).
    const short = nominalTiming({ mode: 'side-by-side', exposureMs: 50, gapMs: 0 }, 1000 / 60);
    expect(short.firstOnsetMs).toBe(short.secondOnsetMs);
    expect(short.firstOffsetMs! - short.firstOnsetMs!).toBeCloseTo(50, 3);
    const unlimited = nominalTiming({ mode: 'unlimited', exposureMs: 1000, gapMs: 0 });
    expect([unlimited.firstOffsetMs, unlimited.secondOffsetMs, unlimited.optionsOnsetMs]).toEqual([null, null, unlimited.firstOnsetMs]);
  });
});

describe('summariseLatency', () => {
  it('gives percentiles of the sorted latencies', () => {
    // Linear interpolation (R type 7): numpy.percentile(range(1, 101), [50, 95, 99]) gives [50.5, 95.05, 99.01].
    const ms = Array.from({ length: 100 }, (_, i) => 100 - i);
    const s = summariseLatency(ms)!;
    expect(s.p95).toBeCloseTo(95.05, 10);
    expect(s.p99).toBeCloseTo(99.01, 10);
    expect({ ...s, p95: 0, p99: 0 }).toEqual({ count: 100, p50: 50.5, p95: 0, p99: 0, max: 100, mean: 50.5 });
    expect(summariseLatency([])).toBeNull();
  });
});
