import { describe, expect, it } from 'vitest';
import { listNames } from '../../../../../app/lib/study/import/errors';
import { extraMessage, matchStems, missingMessage } from '../../../../../app/lib/study/import/match';

const folder = (...stems: string[]) => new Map(stems.map((s) => [s, `/d/${s}.png`]));

describe('matchStems', () => {
  it('pairs every real stem with the method file of the same stem, listing missing and extra stems', () => {
    const result = matchStems(folder('a', 'b', 'c', 'd'), folder('a', 'c', 'x', 'B'));
    expect([...result.files]).toEqual([
      ['a', '/d/a.png'],
      ['c', '/d/c.png'],
    ]);
    expect(result.missing).toEqual(['b', 'd']);
    expect(result.extra).toEqual(['x', 'B']);
  });

  it('lists up to 10 missing names with the count, and hints at names differing only in case', () => {
    const real = folder(...Array.from({ length: 14 }, (_, i) => `img${i}`));
    const result = matchStems(real, folder('IMG0', 'img13'));
    expect(missingMessage('method "m"', '/m', result, 14)).toBe(
      'method "m" lacks 13 of the 14 real photos in /m: img0, img1, img2, img3, img4, img5, img6, img7, img8, img9 and 3 more' +
        ' (names must match exactly, case included: IMG0 vs img0)',
    );
    expect(extraMessage('method "m"', '/m', result.extra)).toBe('method "m": 1 image(s) in /m have no real photo and are ignored: IMG0');
  });

  it('joins names for messages', () => {
    expect(listNames(['a', 'b'])).toBe('a, b');
    expect(listNames(['a', 'b', 'c', 'd'], 2)).toBe('a, b and 2 more');
  });
});
