/**
 * Runs on every HTTP request before Next.js or npm start's fast path sees it (installed by
 * scripts/serve.ts, and by instrumentation.ts for a plain `next start`): replaces untrusted
 * forwarded headers, sets the security headers, and answers malformed paths with 400.
 * Next.js gives the app no earlier place that sees the connection itself, so the hook wraps
 * the server's `request` event.
 */
import http from 'node:http';
import type { TLSSocket } from 'node:tls';
import { normaliseForwarded, trustedProxyHops } from './forwarded-headers';
import { hasMalformedPath, MALFORMED_PATH_BODY } from './malformed-path';
import { securityHeaders } from './response-headers';

const INSTALLED = Symbol.for('colorization-turing-test.request-hook');

export function installRequestHook(env: Record<string, string | undefined> = process.env): void {
  const proto = http.Server.prototype as http.Server & { [INSTALLED]?: boolean };
  if (proto[INSTALLED]) return;
  const hops = trustedProxyHops(env);
  const headers = { http: Object.entries(securityHeaders(false)), https: Object.entries(securityHeaders(true)) };
  const emit = proto.emit;
  proto.emit = function (this: http.Server, event: string | symbol, ...args: unknown[]): boolean {
    if (event === 'request') {
      const [req, res] = args as [http.IncomingMessage, http.ServerResponse];
      normaliseForwarded(req.headers, req.socket.remoteAddress, Boolean((req.socket as TLSSocket).encrypted), hops);
      for (const [name, value] of req.headers['x-forwarded-proto'] === 'https' ? headers.https : headers.http) res.setHeader(name, value);
      if (hasMalformedPath(req.url)) {
        res.writeHead(400, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' }).end(MALFORMED_PATH_BODY);
        return true;
      }
    }
    return emit.apply(this, [event, ...args] as Parameters<typeof emit>);
  } as typeof proto.emit;
  proto[INSTALLED] = true;
}
