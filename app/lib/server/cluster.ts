/**
 * Several server processes behind one port, on one PostgreSQL (`npm start -- --workers N`,
 * run by scripts/serve.ts): node:cluster's primary listens, hands each new connection to a
 * worker in turn (round-robin), and passes the workers' peer events (limits counted,
 * admin sessions revoked: app/lib/security/peer-events.ts) to the others. Each worker is a
 * whole server (Next.js and the fast path) with its own database pool; what an answer must
 * guarantee across processes is the database's job (responses.ts, direct-postgres.ts).
 *
 * SQLite is refused: its one writer would make the workers queue for the write lock, and this
 * server's SQLite path relies on one shared connection per process (db/sqlite-adapter.ts).
 */
import cluster from 'node:cluster';
import { revokeSession } from '../security/revoked-sessions';
import { setPeerPublisher, type PeerEvent } from '../security/peer-events';
import { sharedLimiter } from '../security/window-limiter';
import type { Provider } from '../db/url';

export const MAX_WORKERS = 64;

/** Why `workers` cannot run on `provider`, or null when they can. */
export function workersRefusal(workers: number, provider: Provider): string | null {
  if (!Number.isInteger(workers) || workers < 1 || workers > MAX_WORKERS) return `--workers must be a whole number from 1 to ${MAX_WORKERS}, got "${workers}"`;
  if (workers > 1 && provider === 'sqlite') {
    return (
      `--workers ${workers} needs PostgreSQL (DATABASE_URL=postgresql://…): SQLite has one writer, so several ` +
      'processes would queue for its write lock, and one process already answers SQLite as fast as it can commit. ' +
      'Start without --workers, or move the studies to PostgreSQL.'
    );
  }
  return null;
}

interface PeerMessage {
  peer: PeerEvent;
}

const isPeerMessage = (m: unknown): m is PeerMessage => typeof m === 'object' && m !== null && 'peer' in m;

/** Applies an event another process published. */
export function applyPeerEvent(event: PeerEvent, now = Date.now()): void {
  if (event.kind === 'limited') sharedLimiter(event.name, event.limits).record(event.client, event.at, true);
  else revokeSession(event.token, event.expiresAtMs, now, true);
}

/** In a worker: publish this process's events to the others, and apply theirs. */
export function joinPeers(): void {
  if (!cluster.isWorker) return;
  setPeerPublisher((event) => process.send?.({ peer: event } satisfies PeerMessage));
  process.on('message', (m: unknown) => {
    if (isPeerMessage(m)) applyPeerEvent(m.peer);
  });
}

/** In the primary: pass each worker's events to every other worker. */
export function relayPeerEvents(): void {
  cluster.on('message', (from, m: unknown) => {
    if (!isPeerMessage(m)) return;
    for (const worker of Object.values(cluster.workers ?? {})) {
      if (worker && worker !== from && worker.isConnected()) worker.send(m);
    }
  });
}
