/**
 * The limit on guessing the admin password, shared by the login form and Bearer tokens (on
 * route handlers and pages alike): 10 wrong passwords per client in 15 minutes, 100 from
 * everyone together. While a limit holds, every attempt is refused, the right password too,
 * or a guesser would learn when they hit it. A signed-in researcher's cookie is no guess and
 * keeps working. At 100 guesses per 15 minutes, a 12-character random password takes longer
 * than the universe has existed; a word from a dictionary would fall in days, hence the
 * minimum length (admin-password.ts).
 */
import { sharedLimiter, type Blocked } from './window-limiter';

export const ADMIN_GUESS_LIMITS = { perClient: 10, total: 100, windowMs: 15 * 60_000 };

const guesses = () => sharedLimiter('admin-guesses', ADMIN_GUESS_LIMITS);

/** Null while `client` may try a password, else the lockout. */
export function guessLockout(client: string, now = Date.now()): Blocked | null {
  return guesses().blocked(client, now);
}

export function recordWrongGuess(client: string, now = Date.now()): void {
  guesses().record(client, now);
}

/** The sentence shown on the API and the login form; `minutes` rounded up. */
export function lockoutMessage(scope: Blocked['scope'], minutes: number): string {
  const who = scope === 'client' ? 'from this address' : 'from everyone together (someone may be guessing)';
  return `Too many wrong admin passwords ${who}: sign-in is paused for ${minutes} minute${minutes === 1 ? '' : 's'}. Try again then.`;
}

/** The API's answer while locked: 429 with Retry-After and the reason. */
export function lockedResponse(blocked: Blocked): Response {
  return Response.json(
    { error: lockoutMessage(blocked.scope, Math.ceil(blocked.retryAfterSeconds / 60)), code: 'too-many-attempts' },
    { status: 429, headers: { 'Cache-Control': 'no-store', 'Retry-After': String(blocked.retryAfterSeconds) } },
  );
}
