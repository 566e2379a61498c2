/**
 * Counts events (failed logins, new sessions) per client and in total over a sliding window,
 * and says when a limit is reached and for how long. In memory; the processes of
 * `npm start -- --workers N` pass their events to each other (peer-events.ts).
 */
import { publishToPeers } from './peer-events';

export interface WindowLimits {
  perClient: number;
  total: number;
  windowMs: number;
}

export interface Blocked {
  /** Whether this client's own limit, or the limit for everyone together, was reached. */
  scope: 'client' | 'total';
  /** Seconds until an attempt will be accepted again (at least 1). */
  retryAfterSeconds: number;
}

// Enough distinct clients to hold an attack's worth; beyond it the oldest are forgotten.
const MAX_CLIENTS = 10_000;

export class WindowLimiter {
  private byClient = new Map<string, number[]>();
  private all: number[] = [];

  /** `name`: the limiter's name in sharedLimiter, under which its events are published to peers. */
  constructor(
    readonly limits: WindowLimits,
    readonly name?: string,
  ) {}

  /** Null while `client` may go ahead at `now`, else why not and for how long. */
  blocked(client: string, now = Date.now()): Blocked | null {
    this.all = this.recent(this.all, now);
    const mine = this.recent(this.byClient.get(client) ?? [], now);
    if (mine.length) this.byClient.set(client, mine);
    else this.byClient.delete(client);
    if (mine.length >= this.limits.perClient) return { scope: 'client', retryAfterSeconds: this.wait(mine, this.limits.perClient, now) };
    if (this.all.length >= this.limits.total) return { scope: 'total', retryAfterSeconds: this.wait(this.all, this.limits.total, now) };
    return null;
  }

  /** Counts an event of `client`; `fromPeer`: one another server process counted and published. */
  record(client: string, now = Date.now(), fromPeer = false): void {
    if (this.name !== undefined && !fromPeer) publishToPeers({ kind: 'limited', name: this.name, limits: this.limits, client, at: now });
    this.insertTime(this.all, now);
    const mine = this.byClient.get(client) ?? [];
    this.insertTime(mine, now);
    this.byClient.delete(client);
    this.byClient.set(client, mine);
    if (this.byClient.size > MAX_CLIENTS) this.byClient.delete(this.byClient.keys().next().value as string);
  }

  /** Keeps `times` sorted: a peer's event can arrive after a later local one. */
  private insertTime(times: number[], at: number): void {
    let i = times.length;
    while (i > 0 && times[i - 1] > at) i--;
    times.splice(i, 0, at);
  }

  private recent(times: number[], now: number): number[] {
    const from = now - this.limits.windowMs;
    const first = times.findIndex((t) => t > from);
    return first < 0 ? [] : first === 0 ? times : times.slice(first);
  }

  /** Until enough events leave the window to bring the count below `limit`. */
  private wait(times: number[], limit: number, now: number): number {
    const freeing = times[times.length - limit];
    return Math.max(1, Math.ceil((freeing + this.limits.windowMs - now) / 1000));
  }
}

/**
 * One limiter per name for the whole process. Next.js bundles route handlers and pages
 * separately, each with its own copy of a module, so module state would not be shared.
 */
export function sharedLimiter(name: string, limits: WindowLimits): WindowLimiter {
  const registry = ((globalThis as Record<symbol, unknown>)[Symbol.for('colorization-turing-test.limiters')] ??= new Map()) as Map<string, WindowLimiter>;
  let limiter = registry.get(name);
  if (!limiter) registry.set(name, (limiter = new WindowLimiter(limits, name)));
  return limiter;
}
