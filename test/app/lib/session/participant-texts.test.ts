import { describe, expect, it } from 'vitest';
import { participantTexts } from '../../../../app/lib/session/participant-texts';
import { parseStudyConfig, StudyConfigError } from '../../../../app/lib/study/config';

const base = { id: 'texts', name: 'Texts', realDir: 'r', methods: [{ name: 'm', dir: 'd' }], session: { practiceTrials: 2, testTrials: 9, attentionRate: 0.1 }, minWindow: { width: 1000, height: 700 } };

describe('participant texts', () => {
  it('defaults to the built-in texts, with counts and the device requirement filled in', () => {
    const t = participantTexts(parseStudyConfig(base, '/x'));
    expect(t.title).toBe('Colour perception study');
    // 2 practice + 9 test + round(9 * 0.1 / 0.9) = 1 attention
    expect(t.consent).toContain('You will look at 12 pairs of photos');
    expect(t.instructions).toContain('You start with 2 practice pairs');
    expect(t.instructions).toContain('Then come 10 pairs without feedback');
    expect(t.instructions).toContain('Press `F` (or ←) for the first (left) photo');
    expect(t.device).toContain('at least 1000 × 700 pixels');
    expect(t.debrief).not.toContain('saved');
    expect(t.researcher).toBeNull();
  });

  it('uses the config\'s texts and researcher block, with placeholders filled', () => {
    const config = parseStudyConfig(
      {
        ...base,
        texts: { title: 'Lab X photo study', consent: 'Takes {duration}; {trials} trials. Window {minWidth}x{minHeight}. Questions: {contact}.', debrief: 'Bye.' },
        researcher: { name: 'Dr A. B.', institution: 'Uni C', contact: 'ab@uni.example', ethicsApproval: 'ERC-2026-17', payment: '£2.50', estimatedDuration: 'about 12 minutes', dataRetention: '5 years' },
      },
      '/x',
    );
    const t = participantTexts(config);
    expect(t.title).toBe('Lab X photo study');
    expect(t.consent).toBe('Takes about 12 minutes; 12 trials. Window 1000x700. Questions: ab@uni.example.');
    expect(t.debrief).toBe('Bye.');
    expect(t.researcher).toBe(
      [
        '- **Researcher:** Dr A. B., Uni C',
        '- **Contact:** [ab@uni.example](mailto:ab@uni.example)',
        '- **Ethics approval:** ERC-2026-17',
        '- **Payment:** £2.50',
        '- **Duration:** about 12 minutes',
        '- **Data retention:** 5 years',
      ].join('\n'),
    );
  });

  it('refuses unknown placeholders and unknown researcher fields, naming them', () => {
    expect(() => parseStudyConfig({ ...base, texts: { consent: 'Hello {name}' } }, '/x')).toThrow(/texts\.consent: unknown placeholder \{name\}/);
    expect(() => parseStudyConfig({ ...base, researcher: { phone: '123' } }, '/x')).toThrow(StudyConfigError);
  });
});
