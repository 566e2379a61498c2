import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readStudyConfig } from '../../../../app/lib/study/config';
import { sessionTrialCounts } from '../../../../app/lib/study/design';

const file = path.resolve(import.meta.dirname, '../../../fixtures/study/example-study.yaml');

describe('the documented example study config', () => {
  it('is a valid config whose comments match its values', () => {
    const config = readStudyConfig(file);
    const dir = path.dirname(file);
    expect(config.realDir).toBe(path.join(dir, 'photos/real'));
    expect(config.methods.map((m) => [m.name, m.dir, m.abDir, m.metrics])).toEqual([
      ['zhang', path.join(dir, 'photos/zhang'), undefined, path.join(dir, 'evaluate.json')],
      ['coherent', path.join(dir, 'photos/coherent'), path.join(dir, 'photos/coherent-ab'), path.join(dir, 'evaluate.json')],
    ]);
    // "40 tests -> 4 attention checks", and 54 photos at least.
    expect(sessionTrialCounts(config)).toEqual({ practice: 10, qualification: 0, test: 40, attention: 4, total: 54 });
    expect(config.recruitment).toMatchObject({ platform: 'prolific', completionCode: 'C1A2B3C4', failedChecksCode: 'CHECKS00', targetPerMethod: 50 });
    expect(config.texts.consent).toContain('It takes {duration}');
    expect(config.researcher.ethicsApproval).toBe('EC-2026-001');
    expect(config.quality).toEqual({ minRtMs: 200, maxFastShare: 0.2, fullscreen: false });
    expect(config.texts.withdrawn).toContain('{contact}');
  });
});
