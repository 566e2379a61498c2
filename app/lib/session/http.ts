/**
 * Shared plumbing of the participant route handlers: JSON bodies validated with zod (400
 * with the first problem, naming the field), SessionErrors mapped to their status, anything
 * else logged and answered with a plain 500. Every response is `private, no-store`: session
 * data must never sit in a shared cache, and the browser must not reuse an old answer.
 */
import type { z } from 'zod';
import { badRequest, SessionError } from './errors';

export const NO_STORE = { 'Cache-Control': 'private, no-store' } as const;

export function jsonResponse(data: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return Response.json(data, { status, headers: { ...NO_STORE, ...headers } });
}

/** The first zod issue as "field: message". */
export function zodMessage(error: z.ZodError): string {
  const issue = error.issues[0];
  const where = issue.path.length ? issue.path.join('.') : 'body';
  return `${where}: ${issue.message}`;
}

export async function readBody<S extends z.ZodType>(request: Request, schema: S): Promise<z.output<S>> {
  let raw: unknown;
  try {
    raw = await request.json();
  } catch {
    throw badRequest('the request body is not valid JSON', 'bad-json');
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) throw badRequest(zodMessage(parsed.error), 'invalid-body');
  return parsed.data;
}

/** Runs a handler body, turning expected errors into JSON answers with a reason. */
export async function handle(fn: () => Promise<Response>): Promise<Response> {
  try {
    return await fn();
  } catch (e) {
    if (e instanceof SessionError) return jsonResponse({ error: e.message, code: e.code }, e.status);
    console.error('participant API error:', e);
    return jsonResponse({ error: 'Something went wrong on the server. Please try again in a moment.', code: 'server-error' }, 500);
  }
}

/** A non-negative integer path segment (trial index, image slot), else a 404. */
export function indexParam(value: string, what: string): number {
  if (!/^\d{1,6}$/.test(value)) throw new SessionError(404, `There is no ${what} "${value}".`, 'unknown-path');
  return Number(value);
}
