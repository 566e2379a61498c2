import { describe, expect, it } from 'vitest';
import { cachedAnalysis } from '../../../../app/lib/results/analysis-cache';

describe('cachedAnalysis', () => {
  const db = {};
  it('computes once per key and again when the key changes', async () => {
    let calls = 0;
    const compute = async () => ({ n: ++calls });
    const a = await cachedAnalysis(db, ['s', 1, 'x'], compute);
    const b = await cachedAnalysis(db, ['s', 1, 'x'], compute);
    expect(b).toBe(a);
    const c = await cachedAnalysis(db, ['s', 2, 'x'], compute);
    expect(c).toEqual({ n: 2 });
    // Another database client never sees this one's results.
    expect(await cachedAnalysis({}, ['s', 1, 'x'], compute)).toEqual({ n: 3 });
  });

  it('forgets a failed computation and the oldest entries beyond its size', async () => {
    await expect(cachedAnalysis(db, ['fail'], async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    await expect(cachedAnalysis(db, ['fail'], async () => 'ok')).resolves.toBe('ok');
    let calls = 0;
    const compute = async () => ++calls;
    for (let i = 0; i < 17; i++) await cachedAnalysis(db, ['evict', i], compute);
    expect(calls).toBe(17);
    await cachedAnalysis(db, ['evict', 16], compute);
    expect(calls).toBe(17);
    await cachedAnalysis(db, ['evict', 0], compute);
    expect(calls).toBe(18);
  });
});
