/**
 * Which of a request's X-Forwarded-* headers to believe. Anyone can send them, so they
 * count only when the operator says a reverse proxy sits in front (TRUST_PROXY=N, the number
 * of proxies; `true` means 1). Untrusted ones are replaced by what the connection itself
 * shows, before Next.js sees the request, so every consumer (links shown on the admin
 * pages, Secure cookies, HSTS, per-client limits) reads one trustworthy set:
 *   x-forwarded-for    the client's address, one value
 *   x-forwarded-proto  http or https
 *   x-forwarded-host   only when trusted (Next.js fills it from Host otherwise)
 */
import type { IncomingHttpHeaders } from 'node:http';

const SPOOFABLE = ['x-forwarded-for', 'x-forwarded-host', 'x-forwarded-proto', 'x-forwarded-port', 'forwarded', 'x-real-ip'];

/** TRUST_PROXY as a number of proxy hops; 0 when unset. Throws on a value that is neither. */
export function trustedProxyHops(env: Record<string, string | undefined> = process.env): number {
  const raw = (env.TRUST_PROXY ?? '').trim().toLowerCase();
  if (raw === '' || raw === '0' || raw === 'false') return 0;
  if (raw === 'true') return 1;
  if (/^[1-9]$/.test(raw)) return Number(raw);
  throw new Error(`TRUST_PROXY must be the number of reverse proxies in front of the server (1-9), true or 0; got "${env.TRUST_PROXY}"`);
}

const list = (value: string | string[] | undefined): string[] =>
  (Array.isArray(value) ? value.join(',') : (value ?? ''))
    .split(',')
    .map((v) => v.trim())
    .filter(Boolean);

/** Rewrites `headers` in place; `peer` is the connection's remote address. */
export function normaliseForwarded(headers: IncomingHttpHeaders, peer: string | undefined, encrypted: boolean, hops: number): void {
  const chain = [...list(headers['x-forwarded-for']), peer ?? 'unknown'];
  // The value the nearest trusted proxy set is the last one: proxies append.
  const proto = list(headers['x-forwarded-proto']).at(-1)?.toLowerCase();
  const host = list(headers['x-forwarded-host']).at(-1);
  for (const name of SPOOFABLE) delete headers[name];
  if (hops === 0) {
    headers['x-forwarded-for'] = peer ?? 'unknown';
    headers['x-forwarded-proto'] = encrypted ? 'https' : 'http';
    return;
  }
  // Each trusted proxy appended the address it saw; the client is `hops` entries from the end.
  headers['x-forwarded-for'] = chain[Math.max(0, chain.length - 1 - hops)];
  headers['x-forwarded-proto'] = proto === 'https' || proto === 'http' ? proto : encrypted ? 'https' : 'http';
  if (host) headers['x-forwarded-host'] = host;
}

/** The client's address as normaliseForwarded left it, for per-client limits. */
export function clientAddress(request: Request): string {
  return request.headers.get('x-forwarded-for')?.split(',')[0].trim() || 'unknown';
}
