import { afterEach, describe, expect, it } from 'vitest';
import { setPeerPublisher, type PeerEvent } from '../../../../app/lib/security/peer-events';
import { WindowLimiter } from '../../../../app/lib/security/window-limiter';

describe('WindowLimiter', () => {
  const t0 = 1_000_000;
  it('blocks a client at its limit until the oldest event leaves the window, and says how long', () => {
    const limiter = new WindowLimiter({ perClient: 3, total: 100, windowMs: 60_000 });
    for (const dt of [0, 10_000, 20_000]) {
      expect(limiter.blocked('a', t0 + dt)).toBeNull();
      limiter.record('a', t0 + dt);
    }
    // The first event (t0) leaves the window at t0 + 60 s; asked at t0 + 30 s: 30 s to wait.
    expect(limiter.blocked('a', t0 + 30_000)).toEqual({ scope: 'client', retryAfterSeconds: 30 });
    expect(limiter.blocked('b', t0 + 30_000)).toBeNull();
    expect(limiter.blocked('a', t0 + 60_001)).toBeNull();
  });

  it('blocks everyone once the total is reached, however many addresses the events came from', () => {
    const limiter = new WindowLimiter({ perClient: 10, total: 5, windowMs: 60_000 });
    for (let i = 0; i < 5; i++) limiter.record(`10.0.0.${i}`, t0 + i * 1000);
    expect(limiter.blocked('fresh', t0 + 5000)).toEqual({ scope: 'total', retryAfterSeconds: 55 });
    expect(limiter.blocked('fresh', t0 + 60_500)).toBeNull();
  });

  describe('between the processes of npm start --workers', () => {
    afterEach(() => setPeerPublisher(undefined));

    it("publishes a named limiter's own events, not the ones a peer sent", () => {
      const published: PeerEvent[] = [];
      setPeerPublisher((e) => published.push(e));
      const limits = { perClient: 2, total: 10, windowMs: 60_000 };
      const named = new WindowLimiter(limits, 'starts');
      named.record('a', t0);
      named.record('b', t0 + 1, true);
      new WindowLimiter(limits).record('c', t0);
      expect(published).toEqual([{ kind: 'limited', name: 'starts', limits, client: 'a', at: t0 }]);
    });

    it("counts a peer's event that arrives after a later one of its own in time order", () => {
      const limiter = new WindowLimiter({ perClient: 2, total: 10, windowMs: 60_000 });
      limiter.record('a', t0 + 20_000);
      limiter.record('a', t0, true);
      // The earlier event (t0) frees the client first, at t0 + 60 s.
      expect(limiter.blocked('a', t0 + 30_000)).toEqual({ scope: 'client', retryAfterSeconds: 30 });
      expect(limiter.blocked('a', t0 + 60_001)).toBeNull();
    });
  });
});
