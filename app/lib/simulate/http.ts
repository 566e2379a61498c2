/**
 * The simulator's HTTP client: JSON requests to the participant API, timed, with the
 * server's error sentence kept. One client per participant (it keeps that participant's
 * cookies, as a browser would).
 */
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

export class ParticipantHttp {
  private cookies = new Map<string, string>();

  constructor(readonly baseUrl: string) {}

  async json<T>(method: 'GET' | 'POST', path: string, body?: unknown, extraHeaders: Record<string, string> = {}): Promise<Reply<T>> {
    const headers: Record<string, string> = { 'Content-Type': 'application/json', ...extraHeaders };
    if (this.cookies.size) headers.Cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    const t0 = performance.now();
    const res = await fetch(this.baseUrl + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), redirect: 'manual' });
    const text = await res.text();
    const ms = performance.now() - t0;
    for (const c of res.headers.getSetCookie()) {
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
    if (!res.ok) {
      const err = (parsed ?? {}) as { error?: string; code?: string };
      throw new HttpError(res.status, err.code ?? 'error', `${method} ${path}: ${res.status} ${err.error ?? text.slice(0, 200)}`);
    }
    return { status: res.status, body: parsed as T, ms };
  }

  /** Fetches an image and checks it is one; returns its size in bytes. */
  async image(path: string): Promise<number> {
    const res = await fetch(this.baseUrl + path);
    const bytes = await res.arrayBuffer();
    if (!res.ok) throw new HttpError(res.status, 'image', `GET ${path}: ${res.status}`);
    if (!(res.headers.get('content-type') ?? '').startsWith('image/')) throw new HttpError(res.status, 'image', `GET ${path}: not an image`);
    return bytes.byteLength;
  }
}
