/**
 * A POST that changes the login state must come from our own pages. Browsers send an
 * Origin header with form posts; when it names another host the request was forged by
 * another site (SameSite=Strict already keeps our cookie out of such requests; this also
 * stops a forged login). Requests without Origin (curl, old browsers) are let through.
 */
export function isCrossOrigin(request: Request): boolean {
  const origin = request.headers.get('origin');
  if (!origin || origin === 'null') return origin === 'null';
  const host = request.headers.get('x-forwarded-host') ?? request.headers.get('host') ?? new URL(request.url).host;
  try {
    return new URL(origin).host !== host.split(',')[0].trim();
  } catch {
    return true;
  }
}
