import { describe, expect, it } from 'vitest';
import { liveMetrics } from '../../../model/train/run-folder';

describe('liveMetrics', () => {
  it('drops the steps a cut-off run logged after its last checkpoint, which the resume redid', () => {
    const row = (step: number, time: string) => ({ kind: 'train', step, loss: step, time });
    const rows = [
      row(100, '2026-01-01T10:00:00Z'),
      row(110, '2026-01-01T10:01:00Z'), // logged, then the process died; checkpoint was at 100
      row(120, '2026-01-01T10:02:00Z'),
      row(110, '2026-01-01T11:00:00Z'), // after the resume from 100
      row(120, '2026-01-01T11:01:00Z'),
      row(130, '2026-01-01T11:02:00Z'), // died again; resumed from 120
      row(130, '2026-01-01T12:00:00Z'),
    ];
    const resumes = [
      { at: '2026-01-01T10:30:00Z', fromStep: 100 },
      { at: '2026-01-01T11:30:00Z', fromStep: 120 },
    ];
    expect(liveMetrics(rows, resumes).map((r) => `${r.step}@${r.time.slice(11, 13)}`)).toEqual(['100@10', '110@11', '120@11', '130@12']);
    expect(liveMetrics(rows, [])).toHaveLength(rows.length);
  });
});
