import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseStudyConfig, readStudyConfig } from '../../../../app/lib/study/config';
import { sessionTrialCounts } from '../../../../app/lib/study/design';

const file = path.resolve(import.meta.dirname, '../../../fixtures/study/example-hype-study.yaml');

describe('the documented example HYPE study config', () => {
  it('is valid, and the values its comments call defaults are the defaults', () => {
    const config = readStudyConfig(file);
    expect(config.protocol).toBe('hype-time');
    // "100 tests -> 5 checks": 1 tutorial block of 4, 10 qualification trials.
    expect(sessionTrialCounts(config)).toEqual({ practice: 4, qualification: 10, test: 100, attention: 5, total: 119 });
    const defaults = parseStudyConfig({ id: 'x', name: 'x', realDir: 'r', methods: [{ name: 'm', dir: 'm' }] }, '/');
    expect(config.hype).toEqual(defaults.hype);
  });

  it('refuses a staircase off its grid or with a 1-down rule, naming the field', () => {
    const base = { id: 'x', name: 'x', realDir: 'r', methods: [{ name: 'm', dir: 'm' }], protocol: 'hype-time' };
    expect(() => parseStudyConfig({ ...base, hype: { staircase: { startMs: 525 } } }, '/', 'study.yaml')).toThrow(
      /study\.yaml is not valid for protocol hype-time:\n {2}hype\.staircase\.startMs - minMs \(425\) must be a multiple of stepMs \(50\)/,
    );
    expect(() => parseStudyConfig({ ...base, hype: { staircase: { down: 1 } } }, '/')).toThrow(/hype\.staircase\.down: must be at least 2: a 1-down rule tracks 50% correct/);
    // The same staircase is no problem for hype-infinity, which has none.
    expect(parseStudyConfig({ ...base, protocol: 'hype-infinity', hype: { staircase: { startMs: 525 } } }, '/').protocol).toBe('hype-infinity');
  });
});
