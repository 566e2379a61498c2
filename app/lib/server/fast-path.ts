/**
 * The participant API's hot requests, answered straight from Node's HTTP server by
 * `npm start` (scripts/serve.ts) instead of going through Next.js: Next.js spends about
 * 1.3 ms of CPU on a request before a route handler runs (routing, tracing, web streams),
 * several times what storing an answer costs. The replies come from the same endpoint
 * functions the Next.js route handlers call (app/lib/session/endpoints.ts), and every
 * request still passes the request hook first (security headers, forwarded headers,
 * malformed paths: app/lib/security/request-hook.ts), so a client cannot tell which of
 * the two answered.
 *
 * Only well-formed paths are taken here: a token of token characters, numeric indices, no
 * percent-encoding, the exact method. Anything else (HEAD, a trailing slash, an encoded
 * segment, another method) is left to Next.js, which answers it as it always did.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { advance, answer, health, sessionState, trialImage, trialView, withdraw } from '../session/endpoints';
import { bodyTooLarge, errorReply, MAX_BODY_BYTES, type ApiReply } from '../session/http';

type Route =
  | { method: 'GET'; pattern: RegExp; run: (p: string[]) => ApiReply | Promise<ApiReply> }
  | { method: 'POST'; pattern: RegExp; run: (p: string[], body: string) => Promise<ApiReply> };

const T = '([A-Za-z0-9_-]+)';
const N = '(\\d+)';

const ROUTES: Route[] = [
  { method: 'POST', pattern: new RegExp(`^/api/sessions/${T}/trials/${N}/response$`), run: ([token, n], body) => answer(token, n, body) },
  { method: 'GET', pattern: new RegExp(`^/api/sessions/${T}/trials/${N}$`), run: ([token, n]) => trialView(token, n) },
  { method: 'GET', pattern: new RegExp(`^/api/sessions/${T}/trials/${N}/image/${N}$`), run: ([token, n, slot]) => trialImage(token, n, slot) },
  { method: 'GET', pattern: new RegExp(`^/api/sessions/${T}$`), run: ([token]) => sessionState(token) },
  { method: 'POST', pattern: new RegExp(`^/api/sessions/${T}/stage$`), run: ([token], body) => advance(token, body) },
  { method: 'POST', pattern: new RegExp(`^/api/sessions/${T}/withdraw$`), run: ([token], body) => withdraw(token, body) },
  { method: 'GET', pattern: /^\/api\/health$/, run: () => health() },
];

/** The route and path parameters of a request the fast path answers, else null. */
export function fastRoute(method: string | undefined, url: string | undefined): { route: Route; params: string[] } | null {
  if ((method !== 'GET' && method !== 'POST') || !url?.startsWith('/api/')) return null;
  const q = url.indexOf('?');
  const path = q < 0 ? url : url.slice(0, q);
  for (const route of ROUTES) {
    if (route.method !== method) continue;
    const m = route.pattern.exec(path);
    if (m) return { route, params: m.slice(1) };
  }
  return null;
}

/**
 * Answers `req` if it is one of the hot requests and returns true; false leaves it untouched
 * for the next handler (Next.js).
 */
export function answerDirectly(req: IncomingMessage, res: ServerResponse): boolean {
  const found = fastRoute(req.method, req.url);
  if (!found) return false;
  const { route, params } = found;
  const replying = route.method === 'GET' ? Promise.resolve(route.run(params)) : readBody(req).then((body) => route.run(params, body), errorReply);
  replying.then(
    (reply) => send(res, reply),
    (e: unknown) => send(res, errorReply(e)),
  );
  return true;
}

/** The body's text, refused with 413 past MAX_BODY_BYTES (the rest is not read). */
function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    if (Number(req.headers['content-length']) > MAX_BODY_BYTES) return reject(bodyTooLarge());
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        req.removeAllListeners('data');
        req.pause();
        reject(bodyTooLarge());
      } else chunks.push(chunk);
    });
    req.on('end', () => resolve(chunks.length === 1 ? chunks[0].toString('utf8') : Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function send(res: ServerResponse, reply: ApiReply): void {
  if (res.headersSent || res.destroyed) return;
  const body = typeof reply.body === 'string' ? Buffer.from(reply.body) : reply.body;
  // A body left unread (413) cannot keep the connection in step: close it after the reply.
  if (reply.status === 413) res.shouldKeepAlive = false;
  res.writeHead(reply.status, { ...reply.headers, 'Content-Length': String(body.byteLength) });
  res.end(body);
}
