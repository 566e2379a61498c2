import { describe, expect, it } from 'vitest';
import { architectureOf, ConfigError, DEFAULTS, PRESET_OVERRIDES, resolveConfig } from '../../model/config';
import { resumedConfig } from '../../model/train/run-folder';

describe('resolveConfig', () => {
  it('starts from Zhang\'s defaults, applies the preset, then the flags', () => {
    const full = resolveConfig('full');
    expect(full.widths).toEqual([64, 128, 256, 512, 512, 512, 512, 256]);
    expect(full.lr).toBe(3e-5);
    expect(full.batch).toBe(40);
    const small = resolveConfig('small');
    expect(small.size).toBe(PRESET_OVERRIDES.small.size);
    expect(small.preset).toBe('small');
    // Flags arrive as strings from the command line and are parsed by the default's type.
    const c = resolveConfig('tiny', { lr: '1e-4', widths: '8,8,8,8,8,8,8,8', luminanceWeight: 'true', variant: 'coherent-rebal' });
    expect(c.lr).toBe(1e-4);
    expect(c.widths).toEqual([8, 8, 8, 8, 8, 8, 8, 8]);
    expect(c.luminanceWeight).toBe(true);
    expect(c.variant).toBe('coherent-rebal');
    // The preset's untouched values stay.
    expect(c.batch).toBe(PRESET_OVERRIDES.tiny.batch);
    // Defaults are not mutated by resolving.
    expect(DEFAULTS.widths).toEqual([64, 128, 256, 512, 512, 512, 512, 256]);
  });

  it.each([
    [{ lrr: 1 }, /unknown setting 'lrr'/],
    [{ lr: 'fast' }, /'lr' must be a number/],
    [{ widths: '1,x' }, /'widths' must be a number list/],
    [{ luminanceWeight: 'yes' }, /'luminanceWeight' must be a boolean/],
    [{ variant: 'zhang2' }, /variant must be one of/],
    [{ size: 60 }, /size must be a multiple of 8/],
    [{ size: 64, resize: 32 }, /resize \(32\) must be at least size/],
    [{ widths: '8,8,8' }, /widths needs 8 values/],
    [{ batch: 0 }, /batch must be a positive integer/],
    [{ beta2: 1 }, /beta2 must be in \[0, 1\)/],
    [{ gradientBins: '1,2,3' }, /gradientBins must start at 0/],
    [{ backend: 'gpu' }, /backend must be one of/],
  ])('rejects %j', (overrides, message) => {
    expect(() => resolveConfig('tiny', overrides)).toThrow(ConfigError);
    expect(() => resolveConfig('tiny', overrides)).toThrow(message);
  });

  it('rejects an unknown preset', () => {
    expect(() => resolveConfig('medium')).toThrow(/unknown preset 'medium'/);
  });
});

describe('resumedConfig', () => {
  const saved = resolveConfig('tiny', { variant: 'zhang', steps: 10 });

  it('applies settings that leave the network alone', () => {
    const c = resumedConfig(saved, undefined, { steps: '30', lr: '1e-4' });
    expect(c.steps).toBe(30);
    expect(c.lr).toBe(1e-4);
    expect(architectureOf(c)).toEqual(architectureOf(saved));
  });

  it('refuses a change of architecture or preset', () => {
    expect(() => resumedConfig(saved, undefined, { widths: '8,8,8,8,8,8,8,16' })).toThrow(/refusing to resume: widths/);
    expect(() => resumedConfig(saved, undefined, { variant: 'regression' })).toThrow(/refusing to resume: variant/);
    expect(() => resumedConfig(saved, 'small', {})).toThrow(/uses preset 'tiny', not 'small'/);
  });

  it('ignores branch widths for variants without the branch', () => {
    expect(() => resumedConfig(saved, undefined, { branchWidths: '4' })).not.toThrow();
    const coherent = resolveConfig('tiny', { variant: 'coherent' });
    expect(() => resumedConfig(coherent, undefined, { branchWidths: '4' })).toThrow(/branchWidths/);
  });
});
