import { describe, expect, it } from 'vitest';
import { isUserError, parseFlags, UsageError } from '../../model/cli';
import { ConfigError } from '../../model/config';

describe('parseFlags', () => {
  it('reads --name value, --name=value and switches, in camelCase', () => {
    const { values, switches } = parseFlags(['--weight-decay', '1e-4', '--out=runs/a', '--resume', '--lr', '-0.5', '--ab-views'], ['resume']);
    expect(values).toEqual({ weightDecay: '1e-4', out: 'runs/a', lr: '-0.5' });
    expect([...switches]).toEqual(['resume', 'abViews']);
  });

  it('treats a named switch as a switch even before a value-like word', () => {
    expect(() => parseFlags(['--resume', 'runs/a'], ['resume'])).toThrow(/unexpected argument 'runs\/a'/);
  });

  it('rejects positional words and repeated flags', () => {
    expect(() => parseFlags(['runs/a'])).toThrow(UsageError);
    expect(() => parseFlags(['--lr', '1', '--lr', '2'])).toThrow(/--lr given twice/);
  });

  it('classes configuration and usage errors as the user\'s', () => {
    expect(isUserError(new UsageError('x'))).toBe(true);
    expect(isUserError(new ConfigError('x'))).toBe(true);
    expect(isUserError(new TypeError('x'))).toBe(false);
  });
});
