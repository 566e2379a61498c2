import { describe, expect, it } from 'vitest';
import { chartInterval } from '../../../../app/lib/results/chart-interval';
import { chartMax, chartTicks } from '../../../../app/lib/results/chart-scale';

const boot = { lower: 0.2, upper: 0.4, se: 0.05 };

describe('chartInterval', () => {
  it('shows the participant bootstrap once every method with trials has enough participants', () => {
    expect(chartInterval([{ trials: 400, participants: 10, clusterBootstrap: boot }, { trials: 0, participants: 0, clusterBootstrap: null }])).toBe('bootstrap');
    expect(chartInterval([{ trials: 400, participants: 10, clusterBootstrap: boot }, { trials: 36, participants: 9, clusterBootstrap: boot }])).toBe('wilson');
    expect(chartInterval([])).toBe('wilson');
  });
});

describe('chart scale', () => {
  it('reaches a round tenth above every interval and reference, within 0-100%', () => {
    // Zhang's 32.3% and 50% alone: the 60% floor.
    expect(chartMax([], [0.323, 0.5])).toBe(0.6);
    // An interval ending at 0.613 needs the axis to 70%; one at 0.58 + the 2-point margin too.
    expect(chartMax([0.613], [0.5])).toBe(0.7);
    expect(chartMax([0.58], [0.5])).toBe(0.6);
    expect(chartMax([0.59], [0.5])).toBe(0.7);
    expect(chartMax([0.99], [0.5])).toBe(1);
    expect(chartTicks(0.7)).toEqual([0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7]);
  });
});
