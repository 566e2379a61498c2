import { describe, expect, it } from 'vitest';
import { formatDuration, progress } from '../../../scripts/lib/progress';

function fakeStream(isTTY: boolean) {
  const writes: string[] = [];
  return { writes, stream: { isTTY, columns: 200, write: (s: string) => writes.push(s) } as unknown as NodeJS.WriteStream };
}

describe('progress', () => {
  it('formats durations', () => {
    expect(formatDuration(0)).toBe('0s');
    expect(formatDuration(59.4)).toBe('59s');
    expect(formatDuration(61)).toBe('1m01s');
    expect(formatDuration(3 * 3600 + 5 * 60)).toBe('3h05m');
    expect(formatDuration(NaN)).toBe('--');
  });

  it('prints plain lines off a terminal: the first tick, then only the final state', () => {
    const { writes, stream } = fakeStream(false);
    const p = progress('colorize', 4, { stream, unit: 'img', plainEveryMs: 60_000 });
    p.tick(1, 'a.jpg');
    p.tick(1, 'b.jpg');
    p.tick(2);
    p.done('all written');
    expect(writes).toHaveLength(2);
    expect(writes[0]).toMatch(/^colorize .* 1\/4 25% .*img\/s ETA .* a\.jpg\n$/);
    expect(writes[1]).toMatch(/^colorize .* 4\/4 100% .* in \d+s {2}all written\n$/);
  });

  it('redraws one line on a terminal and ends it with a newline', () => {
    const { writes, stream } = fakeStream(true);
    const p = progress('train', 10, { stream });
    p.tick();
    p.done();
    expect(writes[0].startsWith('\r')).toBe(true);
    expect(writes.at(-1)!.endsWith('\n')).toBe(true);
    expect(writes.at(-1)).toContain('1/10');
  });
});
