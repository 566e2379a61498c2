/**
 * What one server process keeps in memory and every process of `npm start -- --workers N`
 * must agree on: wrong admin passwords and session starts counted against the limits
 * (window-limiter.ts), admin sessions ended by logging out (revoked-sessions.ts). A change
 * made here is published; the cluster's primary passes it to the other workers, which apply
 * it (app/lib/server/cluster.ts). A single process publishes nothing. The messages take a
 * few milliseconds, so requests arriving at several workers at the same instant can pass a
 * limit by as many as are in flight.
 */
export type PeerEvent =
  | { kind: 'limited'; name: string; limits: { perClient: number; total: number; windowMs: number }; client: string; at: number }
  | { kind: 'revoked'; token: string; expiresAtMs: number };

const PUBLISHER = Symbol.for('colorization-turing-test.peer-publisher');
const slot = globalThis as Record<symbol, ((event: PeerEvent) => void) | undefined>;

/** Sends `event` to the other server processes, if there are any. */
export function publishToPeers(event: PeerEvent): void {
  slot[PUBLISHER]?.(event);
}

/** Installed by a cluster worker: where published events go. */
export function setPeerPublisher(publish: ((event: PeerEvent) => void) | undefined): void {
  slot[PUBLISHER] = publish;
}
