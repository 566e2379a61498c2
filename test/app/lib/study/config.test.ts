import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { attentionTrialCount, parseStudyConfig, readStudyConfig, StudyConfigError } from '../../../../app/lib/study/config';

const dir = mkdtempSync(path.join(tmpdir(), 'ct-config-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('study config', () => {
  it('fills Zhang et al.\'s protocol as defaults and resolves paths against the config folder', () => {
    const c = parseStudyConfig({ id: 'demo', name: 'Demo', realDir: 'real', methods: [{ name: 'zhang', dir: 'out/zhang' }] }, '/studies');
    expect(c.realDir).toBe('/studies/real');
    expect(c.methods[0].dir).toBe('/studies/out/zhang');
    expect(c.session).toEqual({ testTrials: 40, practiceTrials: 10, attentionRate: 0.1, assignment: 'one-method' });
    expect(c.presentation).toEqual({ mode: 'sequential', exposureMs: 1000, gapMs: 600 });
    expect(c.imageSize).toBe(256);
    expect(c.protocol).toBe('2afc');
  });

  it('reads YAML and JSON files alike', () => {
    writeFileSync(path.join(dir, 'a.yaml'), 'id: a\nname: A\nrealDir: r\nmethods:\n  - name: m\n    dir: d\nsession:\n  testTrials: 20\n');
    writeFileSync(path.join(dir, 'a.json'), JSON.stringify({ id: 'a', name: 'A', realDir: 'r', methods: [{ name: 'm', dir: 'd' }], session: { testTrials: 20 } }));
    expect(readStudyConfig(path.join(dir, 'a.yaml'))).toEqual(readStudyConfig(path.join(dir, 'a.json')));
  });

  it('lists every problem with its path, and refuses unknown keys', () => {
    const bad = { id: 'Bad Id', name: '', realDir: 'r', methods: [], session: { testTrials: 0, extra: 1 } };
    let message = '';
    try {
      parseStudyConfig(bad, '/x', 'study.json');
    } catch (e) {
      expect(e).toBeInstanceOf(StudyConfigError);
      message = (e as Error).message;
    }
    expect(message).toMatch(/^study\.json is not valid/);
    for (const p of ['id:', 'name:', 'methods:', 'session.testTrials:', 'session:']) expect(message).toContain(`  ${p}`);
    expect(message).toMatch(/extra/);
  });

  it('refuses duplicate method names, Prolific without a completion code, and bad files', () => {
    const base = { id: 'a', name: 'A', realDir: 'r' };
    expect(() => parseStudyConfig({ ...base, methods: [{ name: 'm', dir: 'x' }, { name: 'm', dir: 'y' }] }, '/')).toThrow(/"m" is used twice/);
    expect(() => parseStudyConfig({ ...base, methods: [{ name: 'm', dir: 'x' }], recruitment: { platform: 'prolific' } }, '/')).toThrow(/completionCode/);
    writeFileSync(path.join(dir, 'broken.json'), '{ "id": ');
    expect(() => readStudyConfig(path.join(dir, 'broken.json'))).toThrow(/broken\.json is not valid JSON/);
    expect(() => readStudyConfig(path.join(dir, 'missing.yaml'))).toThrow(/cannot read study config/);
  });

  it('derives the number of attention checks from the share of the test block', () => {
    // 40 test trials at 10%: a / (40 + a) = 0.1 gives a = 4.44, so 4 checks (4/44 = 9.1%).
    expect(attentionTrialCount({ session: { testTrials: 40, practiceTrials: 0, attentionRate: 0.1, assignment: 'one-method' } })).toBe(4);
    expect(attentionTrialCount({ session: { testTrials: 18, practiceTrials: 0, attentionRate: 0.1, assignment: 'one-method' } })).toBe(2);
    expect(attentionTrialCount({ session: { testTrials: 40, practiceTrials: 0, attentionRate: 0, assignment: 'one-method' } })).toBe(0);
  });
});
