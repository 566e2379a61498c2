/**
 * Admin sessions ended by logging out. A session cookie is signed, not stored, so without
 * this list a copied cookie would stay valid until it expires (7 days) after its owner
 * logged out. Kept in memory until each cookie's own expiry, and passed to the other
 * processes of `npm start -- --workers N` (peer-events.ts): a restart, or a server process
 * started apart, does not know it (changing ADMIN_PASSWORD ends every session).
 */
import { publishToPeers } from './peer-events';

const registry = () => ((globalThis as Record<symbol, unknown>)[Symbol.for('colorization-turing-test.revoked-admin-sessions')] ??= new Map()) as Map<string, number>;

/** `fromPeer`: another server process revoked it and published the revocation. */
export function revokeSession(token: string, expiresAtMs: number, now = Date.now(), fromPeer = false): void {
  if (!fromPeer) publishToPeers({ kind: 'revoked', token, expiresAtMs });
  const revoked = registry();
  for (const [t, expires] of revoked) if (expires <= now) revoked.delete(t);
  revoked.set(token, expiresAtMs);
}

export function isRevoked(token: string): boolean {
  return registry().has(token);
}
