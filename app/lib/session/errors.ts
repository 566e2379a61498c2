/**
 * Errors a participant request can end in, each with the HTTP status the route handlers
 * answer with and a sentence a participant (or the simulator's operator) can read.
 * Anything else that escapes a handler is a bug and becomes a 500 without details.
 */
export class SessionError extends Error {
  constructor(
    readonly status: 400 | 403 | 404 | 409 | 410 | 413 | 422,
    message: string,
    /** Machine-readable reason for clients that branch on it (e.g. 'already-answered'). */
    readonly code: string = 'error',
  ) {
    super(message);
    this.name = 'SessionError';
  }
}

export const notFound = (message: string, code = 'not-found') => new SessionError(404, message, code);
export const conflict = (message: string, code = 'conflict') => new SessionError(409, message, code);
export const badRequest = (message: string, code = 'bad-request') => new SessionError(400, message, code);

/**
 * "Unique constraint failed": Prisma's P2002 (both adapters), better-sqlite3's own codes
 * from the statements of direct-sqlite.ts, or PostgreSQL's 23505 from direct-postgres.ts.
 */
export function isUniqueViolation(e: unknown): boolean {
  const code = typeof e === 'object' && e !== null ? (e as { code?: unknown }).code : undefined;
  return code === 'P2002' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || code === '23505';
}
