import { describe, expect, it } from 'vitest';
import { COLUMN_NAMES, TRIAL_COLUMNS, fooledOf, rowProblems, trialRowSchema } from '../../../../app/lib/trials/trial-row';
import { afcRow, hypeRow } from './rows';

describe('trial row', () => {
  it('documents every field of the row type, in a fixed order', () => {
    expect(Object.keys(afcRow())).toEqual(COLUMN_NAMES);
    expect(Object.keys(trialRowSchema.shape)).toEqual(COLUMN_NAMES);
    for (const c of TRIAL_COLUMNS) expect(c.description.length).toBeGreaterThan(20);
  });

  it('2AFC: fooled means the participant picked the real photo as fake', () => {
    expect(fooledOf('2afc', 'left', null, 'left')).toBe(true);
    expect(fooledOf('2afc', 'left', null, 'right')).toBe(false);
    expect(fooledOf('2afc', 'right', null, 'left')).toBe(false);
    expect(rowProblems(afcRow({ fooled: true }))).toEqual([]);
    expect(rowProblems(afcRow({ fooled: false, realSide: 'right' }))).toEqual([]);
  });

  it('single image: fooled only when a fake was called real; empty when the real photo was shown', () => {
    expect(fooledOf('hype-time', null, false, 'real')).toBe(true);
    expect(fooledOf('hype-time', null, false, 'fake')).toBe(false);
    expect(fooledOf('hype-time', null, true, 'real')).toBeNull();
    for (const [shows, choice] of [[true, 'real'], [true, 'fake'], [false, 'real'], [false, 'fake']] as const) {
      expect(rowProblems(hypeRow(shows, choice))).toEqual([]);
    }
  });

  it('names the column whose value contradicts the others', () => {
    expect(rowProblems({ ...afcRow({ fooled: true }), correct: true }).map((p) => p.column)).toEqual(['correct']);
    expect(rowProblems({ ...afcRow({ fooled: true }), fooled: false }).map((p) => p.column)).toEqual(['fooled']);
    expect(rowProblems({ ...afcRow(), realSide: null }).map((p) => p.column)).toEqual(['realSide']);
    expect(rowProblems({ ...afcRow(), choice: 'real' }).map((p) => p.column)).toEqual(['choice']);
    expect(rowProblems({ ...afcRow(), showsReal: true }).map((p) => p.column)).toEqual(['showsReal']);
    expect(rowProblems({ ...hypeRow(true, 'real'), fooled: false }).map((p) => p.column)).toEqual(['fooled']);
    expect(rowProblems({ ...hypeRow(false, 'fake'), realSide: 'left' }).map((p) => p.column)).toEqual(['realSide']);
  });

  it('rejects out-of-range values and times without a zone', () => {
    expect(trialRowSchema.safeParse(afcRow()).success).toBe(true);
    expect(trialRowSchema.safeParse(afcRow({ rtMs: -1 })).success).toBe(false);
    expect(trialRowSchema.safeParse(afcRow({ trialIndex: 1.5 })).success).toBe(false);
    expect(trialRowSchema.safeParse(afcRow({ respondedAt: '2026-11-26 12:00' })).success).toBe(false);
    expect(trialRowSchema.safeParse(afcRow({ respondedAt: '2026-11-26T12:00:00+01:00' })).success).toBe(true);
    expect(trialRowSchema.safeParse({ ...afcRow(), extra: 1 }).success).toBe(false);
  });
});
