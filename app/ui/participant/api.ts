/**
 * The browser's side of the participant API. Reads and stage changes are retried on network
 * errors and server errors (5xx) until they get through, with a growing pause and a notice
 * shown meanwhile; answers above 4xx are final and come back as ApiError with the server's
 * sentence. Retrying is safe: the server stores a repeated answer once and treats a repeated
 * stage change as done.
 */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly code: string,
  ) {
    super(message);
  }
}

export type ConnectionListener = (trouble: boolean) => void;

const delays = [500, 1000, 2000, 4000, 8000];

async function once<T>(url: string, init: RequestInit): Promise<T> {
  const res = await fetch(url, { ...init, cache: 'no-store', headers: { 'Content-Type': 'application/json', ...init.headers } });
  if (res.ok) return (await res.json()) as T;
  let body: { error?: string; code?: string } = {};
  try {
    body = await res.json();
  } catch {
    body = {};
  }
  throw new ApiError(res.status, body.error ?? `The server answered ${res.status}.`, body.code ?? 'error');
}

/** Sends until the server answers (not 5xx); `onTrouble(true)` while retrying, `(false)` once through. */
export async function request<T>(url: string, init: RequestInit = {}, onTrouble?: ConnectionListener): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      const result = await once<T>(url, init);
      if (attempt > 0) onTrouble?.(false);
      return result;
    } catch (e) {
      if (e instanceof ApiError && e.status < 500) {
        if (attempt > 0) onTrouble?.(false);
        throw e;
      }
      onTrouble?.(true);
      await new Promise((r) => setTimeout(r, delays[Math.min(attempt, delays.length - 1)]));
    }
  }
}

export const postJson = <T>(url: string, body: unknown, onTrouble?: ConnectionListener) =>
  request<T>(url, { method: 'POST', body: JSON.stringify(body) }, onTrouble);

export const getJson = <T>(url: string, onTrouble?: ConnectionListener) => request<T>(url, {}, onTrouble);

/** A random request id for one answer (kept across its retries). */
export function newRequestId(): string {
  const bytes = new Uint8Array(12);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}
