/**
 * The simulator's HTTP client: JSON requests to the participant API, timed, with the
 * server's error sentence kept. One client per participant (it keeps that participant's
 * cookies, as a browser would); all of them share one pool of keep-alive connections.
 *
 * Node's http module rather than fetch: the load test runs on the machine it loads, and
 * fetch (undici, web streams) spent about 0.8 ms of CPU per request here, more than the
 * server spends answering it.
 */
import http from 'node:http';
import https from 'node:https';

export interface Reply<T> {
  status: number;
  body: T;
  ms: number;
}

export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export interface RawReply {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

const agents = { http: new http.Agent({ keepAlive: true }), https: new https.Agent({ keepAlive: true }) };

/** One request; the reply's whole body. Rejects on network errors (a refused or reset connection). */
export function request(url: string, method = 'GET', headers: Record<string, string> = {}, body?: string): Promise<RawReply> {
  const target = new URL(url);
  const secure = target.protocol === 'https:';
  return new Promise((resolve, reject) => {
    const req = (secure ? https : http).request(
      target,
      { method, agent: secure ? agents.https : agents.http, headers: body === undefined ? headers : { ...headers, 'Content-Length': String(Buffer.byteLength(body)) } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: chunks.length === 1 ? chunks[0] : Buffer.concat(chunks) }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

export class ParticipantHttp {
  private cookies = new Map<string, string>();

  constructor(readonly baseUrl: string) {}

  async json<T>(method: 'GET' | 'POST', path: string, body?: unknown, extraHeaders: Record<string, string> = {}): Promise<Reply<T>> {
    const headers: Record<string, string> = { 'Content-Type': 'application/json', ...extraHeaders };
    if (this.cookies.size) headers.Cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    const t0 = performance.now();
    const res = await request(this.baseUrl + path, method, headers, body === undefined ? undefined : JSON.stringify(body));
    const ms = performance.now() - t0;
    const text = res.body.toString('utf8');
    for (const c of res.headers['set-cookie'] ?? []) {
      const [pair] = c.split(';');
      const eq = pair.indexOf('=');
      if (eq > 0) this.cookies.set(pair.slice(0, eq).trim(), pair.slice(eq + 1).trim());
    }
    let parsed: unknown = null;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      parsed = null;
    }
    if (res.status < 200 || res.status > 299) {
      const err = (parsed ?? {}) as { error?: string; code?: string };
      throw new HttpError(res.status, err.code ?? 'error', `${method} ${path}: ${res.status} ${err.error ?? text.slice(0, 200)}`);
    }
    return { status: res.status, body: parsed as T, ms };
  }

  /** Fetches an image and checks it is one; returns its size in bytes. */
  async image(path: string): Promise<number> {
    const res = await request(this.baseUrl + path);
    if (res.status < 200 || res.status > 299) throw new HttpError(res.status, 'image', `GET ${path}: ${res.status}`);
    if (!(res.headers['content-type'] ?? '').startsWith('image/')) throw new HttpError(res.status, 'image', `GET ${path}: not an image`);
    return res.body.byteLength;
  }
}
