/**
 * Shared plumbing of the participant endpoints: JSON bodies validated with zod (400 with the
 * first problem, naming the field; 413 past MAX_BODY_BYTES), SessionErrors mapped to their
 * status, anything else logged and answered with a plain 500. Every reply is `private,
 * no-store`: session data must never sit in a shared cache, and the browser must not reuse
 * an old answer. Replies are plain data (ApiReply), so the Next.js route handlers and
 * npm start's fast path (app/lib/server/fast-path.ts) send the same bytes.
 */
import type { z } from 'zod';
import { badRequest, SessionError } from './errors';

export const NO_STORE = { 'Cache-Control': 'private, no-store' } as const;

/** The largest request body a participant endpoint reads: an answer or a browser check is under 2 KB. */
export const MAX_BODY_BYTES = 64 * 1024;

/** A reply of the participant API, before any HTTP server sends it. */
export interface ApiReply {
  status: number;
  headers: Record<string, string>;
  body: string | Uint8Array;
}

export function jsonReply(data: unknown, status = 200, headers: Record<string, string> = {}): ApiReply {
  return { status, headers: { ...NO_STORE, 'Content-Type': 'application/json', ...headers }, body: JSON.stringify(data) };
}

/** The reply as a fetch Response, for Next.js route handlers. */
export function toResponse(reply: ApiReply): Response {
  const body = typeof reply.body === 'string' ? reply.body : Buffer.from(reply.body);
  return new Response(body, { status: reply.status, headers: reply.headers });
}

export function jsonResponse(data: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return toResponse(jsonReply(data, status, headers));
}

/** The first zod issue as "field: message". */
export function zodMessage(error: z.ZodError): string {
  const issue = error.issues[0];
  const where = issue.path.length ? issue.path.join('.') : 'body';
  return `${where}: ${issue.message}`;
}

export const bodyTooLarge = () => new SessionError(413, `The request body is larger than ${MAX_BODY_BYTES / 1024} KB.`, 'body-too-large');

/** A request body's text, parsed as JSON and validated by `schema`. */
export function parseBody<S extends z.ZodType>(text: string, schema: S): z.output<S> {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw badRequest('the request body is not valid JSON', 'bad-json');
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) throw badRequest(zodMessage(parsed.error), 'invalid-body');
  return parsed.data;
}

/** A fetch Request's body, at most MAX_BODY_BYTES, as text. */
export async function bodyText(request: Request): Promise<string> {
  const declared = Number(request.headers.get('content-length'));
  if (declared > MAX_BODY_BYTES) throw bodyTooLarge();
  const text = await request.text();
  if (Buffer.byteLength(text) > MAX_BODY_BYTES) throw bodyTooLarge();
  return text;
}

export async function readBody<S extends z.ZodType>(request: Request, schema: S): Promise<z.output<S>> {
  return parseBody(await bodyText(request), schema);
}

/** The reply to an error escaping an endpoint: its SessionError's status and reason, else a 500. */
export function errorReply(e: unknown): ApiReply {
  if (e instanceof SessionError) return jsonReply({ error: e.message, code: e.code }, e.status);
  console.error('participant API error:', e);
  return jsonReply({ error: 'Something went wrong on the server. Please try again in a moment.', code: 'server-error' }, 500);
}

/** Runs an endpoint, turning expected errors into JSON replies with a reason. */
export async function reply(fn: () => Promise<ApiReply>): Promise<ApiReply> {
  try {
    return await fn();
  } catch (e) {
    return errorReply(e);
  }
}

/** Runs a route handler body, turning expected errors into JSON answers with a reason. */
export async function handle(fn: () => Promise<Response>): Promise<Response> {
  try {
    return await fn();
  } catch (e) {
    return toResponse(errorReply(e));
  }
}

/** A non-negative integer path segment (trial index, image slot), else a 404. */
export function indexParam(value: string, what: string): number {
  if (!/^\d{1,6}$/.test(value)) throw new SessionError(404, `There is no ${what} "${value}".`, 'unknown-path');
  return Number(value);
}
