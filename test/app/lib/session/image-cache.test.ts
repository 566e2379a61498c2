import { describe, expect, it } from 'vitest';
import { ImageCache } from '../../../../app/lib/session/image-cache';

const image = (size: number, fill = 0) => ({ bytes: new Uint8Array(size).fill(fill), mime: 'image/jpeg' });

describe('ImageCache', () => {
  it('loads each key once, then serves it from memory', async () => {
    const cache = new ImageCache(1000);
    let loads = 0;
    const load = async () => (loads++, image(10, 7));
    const first = await cache.through('a', load);
    const second = await cache.through('a', load);
    expect(loads).toBe(1);
    expect(second).toBe(first);
  });

  it('drops the least recently used images to stay within its size', () => {
    const cache = new ImageCache(300);
    cache.set('a', image(100));
    cache.set('b', image(100));
    cache.set('c', image(100));
    cache.get('a'); // a is now the most recently used; b the least
    cache.set('d', image(100));
    expect(['a', 'b', 'c', 'd'].map((k) => cache.get(k) !== undefined)).toEqual([true, false, true, true]);
    expect(cache.bytes).toBe(300);
    // Replacing a key counts its new size only.
    cache.set('a', image(50));
    expect(cache.bytes).toBe(250);
  });

  it('never keeps an image larger than the whole cache', () => {
    const cache = new ImageCache(100);
    cache.set('big', image(101));
    expect([cache.get('big'), cache.bytes]).toEqual([undefined, 0]);
  });
});
