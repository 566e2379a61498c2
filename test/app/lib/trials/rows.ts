// Builders of valid trial rows for the trial-format tests.
import type { TrialRow } from '../../../../app/lib/trials/trial-row';

/** A valid 2AFC test row; `fooled` picks the choice that makes it so. */
export function afcRow(over: Partial<TrialRow> & { fooled?: boolean } = {}): TrialRow {
  const realSide = over.realSide ?? 'left';
  const fooled = over.fooled ?? false;
  const choice = fooled ? realSide : realSide === 'left' ? 'right' : 'left';
  return {
    study: 'demo',
    protocol: '2afc',
    participant: 'p1',
    session: 0,
    trialIndex: 0,
    kind: 'test',
    method: 'zhang',
    image: 'kodim01',
    realSide,
    showsReal: null,
    choice,
    correct: !fooled,
    fooled,
    rtMs: 812.5,
    exposureMs: 1000,
    firstOnsetMs: 16.7,
    firstOffsetMs: 1016.7,
    secondOnsetMs: 1616.7,
    secondOffsetMs: 2616.7,
    optionsOnsetMs: 2616.7,
    respondedAt: '2026-11-26T12:00:00.000Z',
    servedAt: '2026-11-26T11:59:57.500Z',
    source: 'prolific',
    focusLosses: 0,
    fullscreenExits: null,
    ...over,
  };
}

/** A valid single-image (HYPE) row. */
export function hypeRow(showsReal: boolean, choice: 'real' | 'fake', over: Partial<TrialRow> = {}): TrialRow {
  return {
    ...afcRow(),
    protocol: 'hype-infinity',
    realSide: null,
    showsReal,
    choice,
    correct: (choice === 'real') === showsReal,
    fooled: showsReal ? null : choice === 'real',
    exposureMs: null,
    secondOnsetMs: null,
    secondOffsetMs: null,
    ...over,
  };
}
