/**
 * Admin sessions ended by logging out. A session cookie is signed, not stored, so without
 * this list a copied cookie would stay valid until it expires (7 days) after its owner
 * logged out. Kept in this process's memory until each cookie's own expiry: a restart, or
 * a second server process, does not know it (changing ADMIN_PASSWORD ends every session).
 */
const registry = () => ((globalThis as Record<symbol, unknown>)[Symbol.for('colorization-turing-test.revoked-admin-sessions')] ??= new Map()) as Map<string, number>;

export function revokeSession(token: string, expiresAtMs: number, now = Date.now()): void {
  const revoked = registry();
  for (const [t, expires] of revoked) if (expires <= now) revoked.delete(t);
  revoked.set(token, expiresAtMs);
}

export function isRevoked(token: string): boolean {
  return registry().has(token);
}
