/**
 * Who may start a participant session. A start must come from this site's own page (a JSON
 * POST, not a form or a `text/plain` post another site can send without asking); one client
 * may create SESSION_START_LIMIT sessions per 10 minutes (default 30; 0 turns the limit off),
 * so nobody fills a study with empty sessions; resuming one's own session is never limited.
 * Simulated participants (SIMULATED_ID) need the admin credential, since they are counted
 * apart in the results, and are not limited.
 */
import { refuseUnlessAdmin } from '../auth/guard-request';
import { isCrossOrigin } from '../auth/same-origin';
import { clientAddress } from './forwarded-headers';
import { sharedLimiter } from './window-limiter';

export const DEFAULT_SESSION_START_LIMIT = 30;
const WINDOW_MS = 10 * 60_000;

const refusal = (status: number, code: string, error: string, headers: Record<string, string> = {}) =>
  Response.json({ error, code }, { status, headers: { 'Cache-Control': 'private, no-store', ...headers } });

export function sessionStartLimit(env: Record<string, string | undefined> = process.env): number {
  const raw = env.SESSION_START_LIMIT;
  if (raw === undefined || raw.trim() === '') return DEFAULT_SESSION_START_LIMIT;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0) throw new Error(`SESSION_START_LIMIT must be a whole number of sessions per client per 10 minutes (0: no limit); got "${raw}"`);
  return n;
}

/** Refuses a start that did not come from this site's own page, before its body is read. */
export function refuseForeignStart(request: Request): Response | null {
  if (isCrossOrigin(request)) return refusal(403, 'cross-origin', 'A study can only be started from its own page on this site.');
  const type = (request.headers.get('content-type') ?? '').split(';')[0].trim().toLowerCase();
  if (type !== 'application/json') return refusal(415, 'json-only', 'Send the start request as JSON (Content-Type: application/json).');
  return null;
}

export interface StartPermit {
  /** The answer to send instead of starting, when refused. */
  refused: Response | null;
  /** Counts a session this request created against its client's limit. */
  created: () => void;
}

export function permitStart(request: Request, params: Record<string, string>, env: Record<string, string | undefined> = process.env): StartPermit {
  if (params.SIMULATED_ID !== undefined) {
    const refused = refuseUnlessAdmin(request, env);
    return {
      refused: refused && refused.status === 401 ? refusal(401, 'simulated-needs-admin', 'Simulated participants need the admin password: send "Authorization: Bearer <ADMIN_PASSWORD>".') : refused,
      created: () => {},
    };
  }
  const limit = sessionStartLimit(env);
  if (limit === 0) return { refused: null, created: () => {} };
  const limiter = sharedLimiter('session-starts', { perClient: limit, total: Infinity, windowMs: WINDOW_MS });
  const client = clientAddress(request);
  const blocked = limiter.blocked(client);
  if (blocked) {
    const minutes = Math.ceil(blocked.retryAfterSeconds / 60);
    return {
      refused: refusal(429, 'too-many-sessions', `Too many new sessions from this address: please try again in ${minutes} minute${minutes === 1 ? '' : 's'}.`, {
        'Retry-After': String(blocked.retryAfterSeconds),
      }),
      created: () => {},
    };
  }
  return { refused: null, created: () => limiter.record(client) };
}
